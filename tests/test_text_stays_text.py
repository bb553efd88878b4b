"""Text from a link or a user is never a link: Streamlit's Markdown makes links of bare
addresses ("www.…", "http://…", "a@b.c") even when every Markdown character is escaped,
so the page's notices, headings and captions must not hold one in a linkable form."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app_state import APP, run_open
from tests.test_datasets import shared_atlas, store_file  # noqa: F401 - fixtures
from tests.test_store import make
from ui.text import md_escape
from userdata.store import DatasetStore

# GFM's autolink literals, as Streamlit's Markdown finds them once escapes are undone.
AUTOLINK = re.compile(r"(?i)(?:https?://|\bwww\.|[\w.+-]+@[\w-]+\.\w)")
ADDRESSES = [
    "www.example.com/login",
    "WWW.Example.com",
    "http://evil.example/x",
    "https://evil.example/",
    "someone@example.com",
    "mailto:someone@example.com",
    "xmpp:someone@example.com",
]
HOSTILE_LINK = {
    "lang": "www.example.com/login",
    "unit": "https://evil.example/",
    "tier": "someone@example.com",
    "v": "http://evil.example/x",
}


def as_rendered(markdown: str) -> str:
    """What Markdown shows of escaped text: the backslashes go."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_escaped_address_reads_the_same_and_is_no_link(address):
    shown = as_rendered(md_escape(f"see {address} now"))
    assert not AUTOLINK.search(shown)
    assert shown.replace("\u2060", "") == f"see {address} now"  # the joiner is invisible


def page_texts(at: AppTest) -> list[str]:
    """Every text the page shows through Markdown."""
    kinds = ("title", "subheader", "markdown", "caption", "warning", "info", "error", "success")
    return [as_rendered(str(e.value)) for kind in kinds for e in getattr(at, kind)]


def test_addresses_in_a_link_become_no_link_on_the_page():
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in HOSTILE_LINK.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    notice = at.warning[0].value
    assert all(
        v.split("/")[0] in notice.replace("\\", "").replace("\u2060", "")
        for v in HOSTILE_LINK.values()
    )
    linkable = [text for text in page_texts(at) if AUTOLINK.search(text)]
    assert linkable == []


def test_a_dataset_named_with_an_address_is_no_link(store_file, shared_atlas, tmp_path, capsys):  # noqa: F811
    from cli import main as cli

    path = tmp_path / "tiers.csv"
    path.write_bytes("Город;Уровень\nТемиртау;высокий\n".encode("cp1251"))
    name = "See www.example.com/login or write to boss@example.com"
    assert cli.main(["data", "import", str(path), "--name", name]) == 0
    dataset_id = capsys.readouterr().out.strip().splitlines()[-1]
    at = run_open({"data": dataset_id, "lang": "en"}, "data_open")
    assert not at.exception
    texts = page_texts(at)
    assert any("example.com/login" in t.replace("\u2060", "") for t in texts)  # it is shown
    assert [t for t in texts if AUTOLINK.search(t)] == []


def _account_page(dataset_id: str) -> None:
    """The account box on the given dataset (sign-in and the reader as the test sets them)."""
    from types import SimpleNamespace

    from ui.account import account_box

    account_box("ru", SimpleNamespace(dataset_id=dataset_id))


def test_the_account_box_shows_addresses_as_no_links(store_file, monkeypatch):  # noqa: F811
    import ui.account

    with DatasetStore(store_file) as store:
        dataset_id = make(store, owner="alice@akimat.kz").dataset_id
        store.share(dataset_id, "bob@akimat.kz", user="alice@akimat.kz")
    # Alice signed in; the script runs in this process, so the patch reaches it and is undone.
    monkeypatch.setattr(ui.account, "sign_in_configured", lambda: True)
    monkeypatch.setattr(ui.account, "signed_in_user", lambda: "alice@akimat.kz")
    at = AppTest.from_function(_account_page, args=(dataset_id,), default_timeout=30)
    at.run()
    assert not at.exception
    captions = [as_rendered(c.value) for c in at.caption]
    assert any(c.replace("\u2060", "") == "Вы вошли как alice@akimat.kz" for c in captions)
    assert any(c.replace("\u2060", "") == "Доступ есть у: bob@akimat.kz" for c in captions)
    assert not any(AUTOLINK.search(text) for text in page_texts(at))
