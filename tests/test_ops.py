"""Operations: access lines and counters (on a small app), then a real replica's probes, logs
and graceful stop (``python -m web.ops`` serving the app with the operations routes)."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
import websockets
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.harness import ROOT, free_port
from bench.load_client import Tab
from web.ops import logs, metrics, middleware
from web.ops.serve import SettingError, secrets_from_files

# Starlette's test client still runs on httpx (installed for sign-in) and says so.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:starlette.testclient")

DATASET_ID = "Abc123_-Abc123_-Abc123_-Abc123_-"  # the shape of a dataset id
WRITE_KEY = "K" * 43


def run_async(coroutine):
    """``asyncio.run`` in a thread of its own: the browser tests' Playwright keeps an event
    loop running in the main thread for the whole session."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def value(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def access_lines():
    """The JSON lines the access logger writes during a test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter(replica="r1"))
    logger = logging.getLogger("monoqala.access")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def small_app() -> TestClient:
    async def ok(request):
        return PlainTextResponse("ok")

    async def fail(request):
        return PlainTextResponse("no", status_code=503)

    async def boom(request):
        raise RuntimeError(f"failed for {request.query_params.get('data')}")

    routes = [
        Route("/view", ok),
        Route("/view.png", ok),
        Route("/embed", ok),
        Route("/fail", fail),
        Route("/boom", boom),
        Route("/_stcore/upload_file/{session_id}/{file_id}", ok, methods=["PUT"]),
    ]
    return TestClient(
        Starlette(routes=routes, middleware=middleware()), raise_server_exceptions=False
    )


def test_an_access_line_names_the_route_never_the_query(access_lines):
    client = small_app()
    answer = client.get(f"/view?data={DATASET_ID}&lang=kk", headers={"X-Request-Id": "a" * 32})
    assert answer.status_code == 200
    assert answer.headers["x-request-id"] == "a" * 32
    (line,) = access_lines()
    assert line["route"] == "/view" and line["status"] == 200 and line["method"] == "GET"
    assert line["request_id"] == "a" * 32 and line["replica"] == "r1"
    assert isinstance(line["duration_ms"], float)
    assert DATASET_ID not in json.dumps(line)


def test_a_malformed_request_id_is_replaced(access_lines):
    answer = small_app().get("/view", headers={"X-Request-Id": "<script>"})
    assert answer.headers["x-request-id"] != "<script>"
    assert len(answer.headers["x-request-id"]) == 32
    assert access_lines()[0]["request_id"] == answer.headers["x-request-id"]


def test_an_upload_path_is_logged_by_its_template(access_lines):
    small_app().put("/_stcore/upload_file/session-abc/file-xyz", content=b"x")
    (line,) = access_lines()
    assert line["route"] == "/_stcore/upload_file"
    assert "session-abc" not in json.dumps(line)


def test_counters_follow_what_was_served():
    client = small_app()
    before = {
        "page": value("monoqala_views_total", surface="page"),
        "embed": value("monoqala_views_total", surface="embed"),
        "png": value("monoqala_exports_total", format="png"),
        "upload": value("monoqala_uploads_total", outcome="ok"),
        "errors": value("monoqala_errors_total", kind="http"),
    }
    client.get("/view")
    client.get("/view")
    client.get("/embed")
    client.get("/view.png")
    client.put("/_stcore/upload_file/s/f", content=b"x")
    client.get("/fail")
    assert client.get("/boom").status_code == 500
    assert value("monoqala_views_total", surface="page") == before["page"] + 2
    assert value("monoqala_views_total", surface="embed") == before["embed"] + 1
    assert value("monoqala_exports_total", format="png") == before["png"] + 1
    assert value("monoqala_uploads_total", outcome="ok") == before["upload"] + 1
    assert value("monoqala_errors_total", kind="http") == before["errors"] + 2
    text = metrics.exposition().decode()
    assert "# TYPE monoqala_views_total counter" in text


def test_log_lines_never_carry_dataset_ids_or_write_keys():
    record = logging.LogRecord(
        "monoqala", logging.ERROR, __file__, 1, "dataset %s key %s", (DATASET_ID, WRITE_KEY), None
    )
    try:
        raise ValueError(f"cannot read {DATASET_ID}")
    except ValueError:
        record.exc_info = sys.exc_info()
    line = logs.JsonFormatter(replica="").format(record)
    assert DATASET_ID not in line and WRITE_KEY not in line
    parsed = json.loads(line)
    assert parsed["msg"] == "dataset [redacted] key [redacted]"
    assert "cannot read [redacted]" in parsed["exc"]
    # A sha256 digest (64 hex digits) is not an id: checksums stay readable.
    assert logs.redact("a" * 64) == "a" * 64


def test_the_database_password_comes_from_a_file(tmp_path):
    from userdata.store import StoreError, database_url

    secret = tmp_path / "db_password"
    secret.write_text("p@ss/word:1\n")
    env = {
        "MONOQALA_DATABASE_URL": "postgresql://monoqala@127.0.0.1:5432/monoqala",
        "MONOQALA_DATABASE_PASSWORD_FILE": str(secret),
    }
    assert database_url(environ=env).password == "p@ss/word:1"
    with pytest.raises(StoreError) as missing:
        database_url(environ={**env, "MONOQALA_DATABASE_PASSWORD_FILE": str(tmp_path / "no")})
    assert missing.value.code == "unavailable" and "p@ss" not in str(missing.value)
    with pytest.raises(StoreError, match="bad_setting"):
        database_url(environ={**env, "MONOQALA_DATABASE_PASSWORD_FILE": "db_password"})


def test_the_cookie_secret_comes_from_a_file(tmp_path):
    secret = tmp_path / "cookie_secret"
    secret.write_text("s3cret\n")
    env = {"MONOQALA_COOKIE_SECRET_FILE": str(secret)}
    secrets_from_files(env)
    assert env["STREAMLIT_SERVER_COOKIE_SECRET"] == "s3cret"
    secret.write_text("")
    with pytest.raises(SettingError, match="empty"):
        secrets_from_files({"MONOQALA_COOKIE_SECRET_FILE": str(secret)})


@contextmanager
def replica(tmp_path, env: dict[str, str] | None = None, wait_ready: bool = True):
    """``python -m web.ops`` serving the app with the operations routes; yields (url, proc, log)."""
    port = free_port()
    full = {
        **os.environ,
        "MONOQALA_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}",
        "MONOQALA_REPLICA": "replica-test",
        **(env or {}),
    }
    log_path = tmp_path / "replica.log"
    with open(log_path, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "web.ops", "--app", "tests.ops_app:app", "--port", str(port)],
            cwd=ROOT,
            env=full,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log_path.read_text()) from None
                time.sleep(0.2)
        yield url, proc, log_path
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def stopped_cleanly(proc: subprocess.Popen, log_path) -> bool:
    """Whether the replica went through its whole stop (uvicorn then ends by the signal it
    caught, as the process would have without it: exit status 143 in a container)."""
    code = proc.wait(timeout=40)
    return code in (0, -signal.SIGTERM) and "Application shutdown complete" in log_path.read_text()


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_replica_answers_its_probes_and_logs_json_lines(tmp_path):
    with replica(tmp_path) as (url, proc, log_path):
        assert get(f"{url}/healthz") == (200, {"status": "ok", "replica": "replica-test"})
        status, body = get(f"{url}/readyz")
        assert status == 200 and body["data"] is True and body["store"] is True

        async def open_dataset_view():
            tab = Tab(url)
            _, page = await tab.open(f"lang=ru&data={DATASET_ID}")
            await tab.close()
            return page

        page = run_async(open_dataset_view())
        assert page.errors == []
        with urllib.request.urlopen(f"{url}/metrics", timeout=10) as answer:
            text = answer.read().decode()
        assert 'monoqala_views_total{surface="app"} 1.0' in text
        proc.send_signal(signal.SIGTERM)
        assert stopped_cleanly(proc, log_path)
    lines = log_path.read_text().splitlines()
    parsed = [json.loads(line) for line in lines]  # every line is JSON
    routes = {p.get("route") for p in parsed}
    assert {"/healthz", "/readyz", "/metrics", "/_stcore/stream"} <= routes
    assert DATASET_ID not in log_path.read_text()


def test_a_replica_whose_store_does_not_answer_is_not_ready(tmp_path):
    closed = free_port()  # nothing listens there
    env = {"MONOQALA_DATABASE_URL": f"postgresql://u:secret-pw@127.0.0.1:{closed}/db"}
    with replica(tmp_path, env) as (url, _proc, log_path):
        status, body = get(f"{url}/readyz")
        assert status == 503
        assert body == {
            "status": "unready",
            "replica": "replica-test",
            "data": True,
            "store": False,
        }
        assert get(f"{url}/healthz")[0] == 200
    assert "secret-pw" not in log_path.read_text()


async def run_interrupted_by_stop(url: str, proc: subprocess.Popen) -> tuple[bool, int | None]:
    """Start a run, stop the replica while it goes; whether it finished, and the close code."""
    tab = Tab(url)
    await tab.open("lang=kk")
    state = tab._client_state()
    state.rerun_script.query_string = "v=2022&lang=ru&ind=pop_share_2023"
    await tab._ws.send(state.SerializeToString())
    first = ForwardMsg()
    first.ParseFromString(await tab._ws.recv())  # the run has started
    proc.send_signal(signal.SIGTERM)
    finished = False
    try:
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(tab._ws.recv(), 30))
            if msg.WhichOneof("type") == "script_finished":
                finished = msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
    except websockets.ConnectionClosed as closed:
        return finished, closed.rcvd.code if closed.rcvd else None


def test_a_stopped_replica_finishes_the_run_it_started(tmp_path):
    with replica(tmp_path) as (url, proc, log_path):
        finished, code = run_async(run_interrupted_by_stop(url, proc))
        assert finished, log_path.read_text()[-3000:]
        assert code == 1012  # "service restart": the browser reconnects elsewhere
        assert stopped_cleanly(proc, log_path)
        # The port closed at once: new readers go to another replica.
        with pytest.raises(OSError):
            urllib.request.urlopen(f"{url}/healthz", timeout=2)
    assert "0 runs cut short" in log_path.read_text()
