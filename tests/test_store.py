"""The dataset store's API, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from userdata.store import (
    MAX_CONTENT_BYTES,
    MAX_ORIGINAL_BYTES,
    NAME_MAX,
    SCHEMA_VERSION,
    Created,
    DatasetStore,
    StoreError,
    is_dataset_id,
    migrations,
)
from userdata.store.migrations import migrate
from userdata.store.schema import metadata
from userdata.store.tokens import new_dataset_id

pytest_plugins = ["pg"]

ALICE, BOB, CAROL = "alice@akimat.kz", "bob@akimat.kz", "carol@example.org"
CONTENT = {"rows": [{"town": "Temirtau", "tier": "high", "jobs": 1.5}], "note": "қала"}
ROLES = {"town": "name", "tier": "tier", "jobs": "indicator"}

OpenStore = Callable[..., DatasetStore]


@pytest.fixture
def open_store(store_url: str) -> Iterator[OpenStore]:
    """Open stores on the test's database; all are closed before the database is dropped."""
    opened: list[DatasetStore] = []

    def _open(url: str = store_url) -> DatasetStore:
        store = DatasetStore(url)
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: OpenStore) -> DatasetStore:
    return open_store()


def make(store: DatasetStore, name: str = "Tiers 2013", **kwargs: object) -> Created:
    """Create a small dataset."""
    values: dict[str, object] = {
        "name": name,
        "file_name": "tiers.csv",
        "original": b"town,tier\nTemirtau,high\n",
        "content": CONTENT,
        "roles": ROLES,
    }
    values.update(kwargs)
    return store.create(**values)  # type: ignore[arg-type]


def raw_engine(url: str):
    """A plain engine on the test database, bypassing the store."""
    return create_engine(url, poolclass=NullPool)


def test_create_then_get_gives_back_what_was_stored(store: DatasetStore) -> None:
    original = b"town,tier\nTemirtau,high\n"
    before = datetime.now(UTC)
    created = make(store, original=original, content_version=3)
    got = store.get(created.dataset_id)
    assert got is not None
    assert got.dataset_id == created.dataset_id
    assert (got.name, got.file_name, got.owner) == ("Tiers 2013", "tiers.csv", None)
    assert got.original == original
    assert got.size == len(original)
    assert got.sha256 == hashlib.sha256(original).hexdigest()
    assert got.content == CONTENT and got.roles == ROLES
    assert got.content_version == 3
    assert got.uploaded_at.tzinfo is not None and got.uploaded_at.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=5) <= got.uploaded_at <= datetime.now(UTC)


def test_ids_are_unguessable_and_unique(store: DatasetStore) -> None:
    ids = [make(store).dataset_id for _ in range(20)]
    ids += [new_dataset_id() for _ in range(5000)]
    assert len(set(ids)) == len(ids)
    for dataset_id in ids[:20]:
        assert is_dataset_id(dataset_id)
        assert len(base64.urlsafe_b64decode(dataset_id + "==")) * 8 >= 128


def test_write_key_is_returned_once_and_only_its_hash_kept(
    store: DatasetStore, store_url: str
) -> None:
    created = make(store)
    assert len(base64.urlsafe_b64decode(created.write_key + "=")) * 8 >= 128
    assert created.write_key not in repr(created)
    engine = raw_engine(store_url)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM datasets")).one()
    engine.dispose()
    stored = [str(value) for value in row]
    assert not any(created.write_key in value for value in stored)
    assert hashlib.sha256(created.write_key.encode()).hexdigest() in stored


def test_rename_and_delete_with_the_write_key(store: DatasetStore) -> None:
    created = make(store)
    store.rename(created.dataset_id, "  Tiers\n2013 — revised ", write_key=created.write_key)
    assert store.get(created.dataset_id).name == "Tiers 2013 — revised"
    store.delete(created.dataset_id, write_key=created.write_key)
    assert store.get(created.dataset_id) is None
    with pytest.raises(StoreError) as err:
        store.delete(created.dataset_id, write_key=created.write_key)
    assert err.value.code == "not_found"


def test_wrong_write_key_is_refused_and_nothing_changes(store: DatasetStore) -> None:
    created, other = make(store), make(store, "Other")
    wrong_keys = [None, "", other.write_key, created.write_key[:-1] + "A", "x" * 10_000]
    wrong_keys = [k for k in wrong_keys if k != created.write_key]
    for key in wrong_keys:
        for attempt in (
            lambda k=key: store.rename(created.dataset_id, "Hacked", write_key=k),
            lambda k=key: store.delete(created.dataset_id, write_key=k),
            lambda k=key: store.share(created.dataset_id, BOB, write_key=k),
            lambda k=key: store.shares(created.dataset_id, write_key=k),
        ):
            with pytest.raises(StoreError) as err:
                attempt()
            assert err.value.code == "bad_key"
    got = store.get(created.dataset_id)
    assert got is not None and got.name == "Tiers 2013"


def test_owner_reads_others_get_the_answer_of_an_unknown_id(store: DatasetStore) -> None:
    created = make(store, owner=" Alice@Akimat.KZ ")
    dataset_id = created.dataset_id
    assert store.get(dataset_id, ALICE).owner == ALICE
    assert store.get(dataset_id, "ALICE@akimat.kz") is not None
    for stranger in (None, BOB, "", "not an address", "alice@akimat.kz\u202e"):
        assert store.get(dataset_id, stranger) is None
    # Strangers cannot tell an owned dataset from a missing one, whatever they try.
    for stranger in (None, BOB):
        with pytest.raises(StoreError) as err:
            store.rename(dataset_id, "Mine now", user=stranger)
        assert err.value.code == "not_found"
    # The owner changes it without the key; the key works for anyone.
    store.rename(dataset_id, "Renamed by owner", user=ALICE)
    store.rename(dataset_id, "Renamed by key", write_key=created.write_key, user=BOB)
    assert store.get(dataset_id, ALICE).name == "Renamed by key"


def test_sharing_with_named_colleagues(store: DatasetStore) -> None:
    created = make(store, owner=ALICE)
    dataset_id = created.dataset_id
    store.share(dataset_id, "Bob@Akimat.kz", user=ALICE)
    store.share(dataset_id, BOB, user=ALICE)  # twice changes nothing
    store.share(dataset_id, ALICE, write_key=created.write_key)  # the owner reads anyway
    assert store.shares(dataset_id, user=ALICE) == [BOB]
    assert store.get(dataset_id, BOB).dataset_id == dataset_id
    assert store.get(dataset_id, CAROL) is None
    # A colleague reads but does not change: they know it exists, so the answer is bad_key.
    for attempt in (
        lambda: store.rename(dataset_id, "Bob's", user=BOB),
        lambda: store.share(dataset_id, CAROL, user=BOB),
        lambda: store.delete(dataset_id, user=BOB),
    ):
        with pytest.raises(StoreError) as err:
            attempt()
        assert err.value.code == "bad_key"
    store.unshare(dataset_id, BOB, user=ALICE)
    store.unshare(dataset_id, BOB, user=ALICE)
    assert store.get(dataset_id, BOB) is None
    assert store.shares(dataset_id, user=ALICE) == []
    with pytest.raises(StoreError) as err:
        store.share(dataset_id, "bob at akimat", user=ALICE)
    assert err.value.code == "bad_principal"


def test_sharing_a_dataset_without_owner_is_refused(store: DatasetStore) -> None:
    created = make(store)
    with pytest.raises(StoreError) as err:
        store.share(created.dataset_id, BOB, write_key=created.write_key)
    assert err.value.code == "no_owner"


def test_owned_by_lists_only_the_callers_datasets(store: DatasetStore) -> None:
    first = make(store, "First", owner=ALICE)
    second = make(store, "Second", owner=ALICE)
    make(store, "Bob's", owner=BOB)
    make(store, "Nobody's")
    mine = store.owned_by("alice@AKIMAT.kz")
    assert [s.dataset_id for s in mine] == [second.dataset_id, first.dataset_id]
    assert {s.owner for s in mine} == {ALICE}
    assert store.owned_by(CAROL) == []
    for nobody in ("", "*", "%", "alice@akimat.kz\u202e"):
        for attempt in (lambda n=nobody: store.owned_by(n), lambda n=nobody: make(store, owner=n)):
            with pytest.raises(StoreError) as err:
                attempt()
            assert err.value.code == "bad_principal"


def test_deleting_one_dataset_leaves_the_others_intact(store: DatasetStore, store_url: str) -> None:
    gone = make(store, "Gone", owner=ALICE)
    kept = make(store, "Kept", owner=ALICE)
    for created in (gone, kept):
        store.share(created.dataset_id, BOB, user=ALICE)
        store.share(created.dataset_id, CAROL, user=ALICE)
    store.delete(gone.dataset_id, user=ALICE)
    assert store.get(gone.dataset_id, ALICE) is None
    survivor = store.get(kept.dataset_id, BOB)
    assert survivor is not None and survivor.content == CONTENT
    assert store.shares(kept.dataset_id, user=ALICE) == [BOB, CAROL]
    engine = raw_engine(store_url)
    with engine.connect() as conn:
        left = conn.execute(text("SELECT dataset_id FROM dataset_shares")).scalars().all()
        count = conn.execute(text("SELECT count(*) FROM datasets")).scalar()
    engine.dispose()
    assert set(left) == {kept.dataset_id} and count == 1


@pytest.mark.parametrize(
    "bad_id",
    ["", "short", "x" * 33, "../../etc/passwd", "' OR '1'='1' --", "é" * 32, "a" * 31 + "\n"],
)
def test_malformed_ids_never_reach_the_database(store: DatasetStore, bad_id: str) -> None:
    statements: list[str] = []
    event.listen(store._engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    assert store.get(bad_id) is None
    for attempt in (
        lambda: store.rename(bad_id, "x", write_key="k"),
        lambda: store.delete(bad_id, write_key="k"),
        lambda: store.share(bad_id, BOB, user=ALICE),
        lambda: store.unshare(bad_id, BOB, user=ALICE),
        lambda: store.shares(bad_id, user=ALICE),
    ):
        with pytest.raises(StoreError) as err:
            attempt()
        assert err.value.code == "not_found"
    assert statements == []


def test_names_are_cleaned_or_refused(store: DatasetStore) -> None:
    created = make(
        store, "\u202eevil\u202c name\x00\x07 \u2066x\u2069", file_name="C:\\a\\b\u202e.csv"
    )
    got = store.get(created.dataset_id)
    assert got.name == "evil name x"
    assert got.file_name == "b.csv"
    make(store, "ы" * NAME_MAX)
    for name, reason in (("", "empty"), (" \t\u200b\u202e ", "empty"), ("ы" * 201, "too_long")):
        with pytest.raises(StoreError) as err:
            make(store, name)
        assert (err.value.code, err.value.args) == ("bad_name", (reason, NAME_MAX))
    with pytest.raises(StoreError) as err:
        store.rename(created.dataset_id, "\x1b\x07\u2067", write_key=created.write_key)
    assert err.value.code == "bad_name"
    with pytest.raises(StoreError) as err:
        make(store, file_name="folder/")
    assert err.value.code == "bad_file_name"


def test_size_limits(store: DatasetStore) -> None:
    make(store, original=b"x" * MAX_ORIGINAL_BYTES, owner=ALICE)
    with pytest.raises(StoreError) as err:
        make(store, original=b"x" * (MAX_ORIGINAL_BYTES + 1), owner=ALICE)
    assert err.value.args == ("original", MAX_ORIGINAL_BYTES + 1, MAX_ORIGINAL_BYTES)
    big = {"text": "x" * MAX_CONTENT_BYTES}
    with pytest.raises(StoreError) as err:
        make(store, content=big, owner=ALICE)
    assert err.value.code == "too_large" and err.value.args[0] == "content"
    assert err.value.args[2] == MAX_CONTENT_BYTES
    assert len(store.owned_by(ALICE)) == 1


def test_content_must_be_a_json_dict(store: DatasetStore) -> None:
    for what, bad in (
        ("content", [1, 2]),
        ("content", {"x": float("nan")}),
        ("content", {"x": {1, 2}}),
        ("content", {"x": "\ud800"}),
        ("roles", {"x": "\udfff"}),
        ("roles", None),
        ("original", "text, not bytes"),
    ):
        with pytest.raises(StoreError) as err:
            make(store, **{what: bad})
        assert (err.value.code, err.value.args) == ("bad_content", (what,))


def test_a_new_store_on_the_same_database_sees_the_datasets(open_store: OpenStore) -> None:
    first = open_store()
    created = make(first, owner=ALICE)
    first.close()
    # An app restart: the engine is gone, a new store opens the database again.
    second = open_store()
    assert second.get(created.dataset_id, ALICE).name == "Tiers 2013"
    second.rename(created.dataset_id, "After restart", write_key=created.write_key)
    assert second.get(created.dataset_id, ALICE).name == "After restart"


def test_migrations_are_idempotent(store: DatasetStore, store_url: str) -> None:
    created = make(store)
    assert migrate(store._engine) == SCHEMA_VERSION
    assert migrate(store._engine) == SCHEMA_VERSION
    engine = raw_engine(store_url)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version FROM schema_version")).scalars().all()
    engine.dispose()
    assert versions == [SCHEMA_VERSION]
    assert store.get(created.dataset_id).content == CONTENT


def test_an_older_database_gets_only_the_missing_migrations(
    store: DatasetStore, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = make(store)
    applied: list[int] = []

    def add_notes(conn) -> None:
        applied.append(SCHEMA_VERSION + 1)
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, add_notes))
    monkeypatch.setattr(migrations, "LATEST", SCHEMA_VERSION + 1)
    assert migrate(store._engine) == SCHEMA_VERSION + 1
    assert migrate(store._engine) == SCHEMA_VERSION + 1
    assert applied == [SCHEMA_VERSION + 1]
    engine = raw_engine(store_url)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version FROM schema_version")).scalars().all()
    assert versions == [SCHEMA_VERSION + 1] and inspect(engine).has_table("notes")
    engine.dispose()
    assert store.get(created.dataset_id) is not None


def test_a_failing_migration_changes_nothing(
    store: DatasetStore, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_done(conn) -> None:
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
        conn.execute(text("DELETE FROM datasets"))
        raise RuntimeError("migration bug")

    created = make(store)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, half_done))
    monkeypatch.setattr(migrations, "LATEST", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        migrate(store._engine)
    engine = raw_engine(store_url)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version FROM schema_version")).scalars().all()
    assert versions == [SCHEMA_VERSION] and not inspect(engine).has_table("notes")
    engine.dispose()
    assert store.get(created.dataset_id) is not None


def test_migrations_build_the_tables_the_queries_use(store: DatasetStore, store_url: str) -> None:
    engine = raw_engine(store_url)
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        columns = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name: c.nullable for c in table.columns}, table.name
        indexes = {i["name"] for i in inspector.get_indexes(table.name)}
        assert indexes == {i.name for i in table.indexes}, table.name
    engine.dispose()


def test_a_database_from_newer_code_is_refused(open_store: OpenStore, store_url: str) -> None:
    open_store().close()
    engine = raw_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_version SET version = :v"), {"v": SCHEMA_VERSION + 1})
    with pytest.raises(StoreError) as err:
        open_store()
    assert (err.value.code, err.value.args) == (
        "schema_too_new",
        (SCHEMA_VERSION + 1, SCHEMA_VERSION),
    )
    with engine.connect() as conn:
        version = conn.execute(select(text("version")).select_from(text("schema_version")))
        assert version.scalar() == SCHEMA_VERSION + 1  # not downgraded
    engine.dispose()


def test_one_engine_per_url_and_closed_stores_refuse(open_store: OpenStore) -> None:
    first, second = open_store(), open_store()
    assert first._engine is second._engine
    created = make(first)
    first.close()
    first.close()
    assert second.get(created.dataset_id) is not None
    with pytest.raises(StoreError) as err:
        first.get(created.dataset_id)
    assert err.value.code == "closed"


def test_threads_share_one_store(store: DatasetStore) -> None:
    created: list[str] = []
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(5):
                dataset_id = make(store, f"thread {n} #{i}", owner=ALICE).dataset_id
                assert store.get(dataset_id, ALICE) is not None
                created.append(dataset_id)
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert {s.dataset_id for s in store.owned_by(ALICE)} == set(created)
    assert len(created) == 30


def test_a_connection_the_server_dropped_is_replaced(pg_server_url: str) -> None:
    # pool_pre_ping: a database restart or a proxy's idle timeout must not reach the user.
    from pg import fresh_schema  # loaded as a plugin above; importing it first would bypass that

    app = f"monoqala_test_{secrets.token_hex(4)}"
    with fresh_schema(pg_server_url) as url:
        url = make_url(url).update_query_dict({"application_name": app})
        store = DatasetStore(url.render_as_string(hide_password=False))
        try:
            created = make(store)
            admin = raw_engine(pg_server_url)
            with admin.connect() as conn:
                killed = conn.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        " WHERE application_name = :app"
                    ),
                    {"app": app},
                ).scalar()
            admin.dispose()
            assert killed >= 1
            assert store.get(created.dataset_id).name == "Tiers 2013"
        finally:
            store.close()


def test_summary_follows_renames_and_deletes_without_reading_the_data(store):
    made = make(store)
    first = store.summary(made.dataset_id)
    assert first.name == "Tiers 2013" and first.sha256 == store.get(made.dataset_id).sha256
    store.rename(made.dataset_id, "Tiers, revised", write_key=made.write_key)
    assert store.summary(made.dataset_id).name == "Tiers, revised"
    assert store.summary(made.dataset_id, user=BOB).name == "Tiers, revised"  # no owner
    store.delete(made.dataset_id, write_key=made.write_key)
    assert store.summary(made.dataset_id) is None
    assert store.summary("not an id") is None


def test_summary_of_an_owned_dataset_is_hidden_from_others(store):
    made = make(store, owner=ALICE)
    assert store.summary(made.dataset_id, user=ALICE) is not None
    assert store.summary(made.dataset_id, user=BOB) is None
    assert store.summary(made.dataset_id) is None
