"""``python -m tests.deploy`` (``make deploy-check``): build the deployment and test it as one.

Builds the images (deploy/build/images.sh), starts deploy/compose.yaml with two replicas on
loopback, and goes through the balancer:

1. the load test (bench.load): 20 readers, no pauses, 60 s, with 1 replica, then with 2;
2. 50 planners upload a file, each in a new Chromium;
3. a dataset saved through one replica opens on the other;
4. one replica is restarted while the load runs: its readers reconnect and come back to
   their view from its address; no saved dataset is lost;
5. sign-in through an OpenID Connect provider on loopback: Alice, Bob and Carol in Chromium;
6. everything it started is stopped.

The last line is ``replicas=2 sessions=N errors=E leaked=L uploads=U uploads_failed=F
cross_replica=ok|failed restart_lost=R signin=ok|failed runs_per_s_1=A runs_per_s_2=B
p95_ms=P``. The exit status is 0 when every check of correctness passed (no error, no leak,
no failed upload, cross_replica=ok, restart_lost=0, signin=ok). Throughput is a figure of
this machine and its load, reported beside its target (runs_per_s_2 >= 1.4 x runs_per_s_1),
never a reason to fail.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from bench import deployment
from bench.load import parse_summary, run_load
from tests.deploy import browsers
from tests.deploy.identity import identity_provider
from tests.deploy.stack import (
    Ports,
    Stack,
    build_images,
    docker_cli,
    docker_engine,
    log,
    run,
    secrets_folder,
)

RATIO_TARGET = deployment.RATIO_TARGET


def load(stack: Stack, replicas: list[str], args, *, reconnect=False, duration=None):
    """bench.load aimed at the balancer; returns its summary figures and runs per second."""
    figures: dict[str, float] = {}
    line = asyncio.run(
        run_load(
            stack.ports.url,
            args.sessions,
            duration or args.duration,
            args.warmup,
            None,
            30.0,
            13,
            pids=stack.pids(*replicas),
            reconnect=reconnect,
            figures=figures,
        )
    )
    log(f"load, {len(replicas)} replica(s): {line}")
    return {**parse_summary(line), **figures}


def restart_under_load(stack: Stack, args) -> dict[str, float]:
    """The load through the balancer while app2 is restarted (stop: it finishes its runs)."""
    restarted: dict[str, float] = {}

    def restart() -> None:
        time.sleep(args.warmup + 10)
        started = time.monotonic()
        stack.restart("app2")
        stack.wait_ready("app2")
        restarted["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=restart)
    thread.start()
    figures = load(stack, ["app1", "app2"], args, reconnect=True, duration=args.restart_duration)
    thread.join()
    log(f"restart: app2 stopped and ready again in {restarted.get('seconds', float('nan')):.1f} s")
    return figures


def public_cache_check(base: str, dataset_id: str) -> bool:
    """The balancer caches a published view and never a view naming a dataset."""

    def fetch(query: str) -> tuple[str, str]:
        with urllib.request.urlopen(f"{base}/view?{query}", timeout=30) as answer:
            answer.read()
            return answer.headers.get("X-Cache-Status", ""), answer.headers["Cache-Control"]

    try:
        fetch("lang=ru")
    except urllib.error.HTTPError as exc:
        if exc.code != 404:
            raise
        log("public pages: not served by this build (no /view); the cache is not checked")
        return True
    published = [fetch("lang=ru&v=2022") for _ in range(3)]
    private = [fetch(f"lang=ru&data={dataset_id}") for _ in range(3)]
    log(f"public pages: published {published}, with a dataset {private}")
    return (
        published[-1][0] == "HIT"
        and published[-1][1].startswith("public")
        and all(status != "HIT" and "no-store" in cc for status, cc in private)
    )


def saved_ids(stack: Stack) -> set[str]:
    """The ids of every dataset in the stack's store (a backup through the command line)."""
    dump = stack.compose("exec", "-T", "app1", "monoqala", "data", "dump", "-o", "-").stdout
    lines = [json.loads(line) for line in dump.splitlines()]
    return {line["id"] for line in lines if "id" in line}


def containers_left(stack: Stack) -> list[str]:
    """The check's containers still there (after ``down``: none)."""
    return run(
        [docker_cli(), "ps", "-aq", "--filter", "label=com.docker.compose.project=monoqala-check"],
        env=stack.env,
    ).stdout.split()


def ports_listening(ports: Ports) -> list[int]:
    """The stack's ports something still listens on (after the check: none)."""
    listening = []
    for port in (ports.http, ports.app1, ports.app2, ports.db, ports.identity):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                listening.append(port)
    return listening


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.deploy", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--restart-duration", type=float, default=45.0)
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--upload-concurrency", type=int, default=3)
    args = parser.parse_args(argv)
    # Stopped (a CI timeout, kill): unwind as on an error, so that everything is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ports = Ports()
    started = time.monotonic()
    result: dict[str, object] = {}
    with ExitStack() as stack_of:
        env = stack_of.enter_context(docker_engine())
        build_images(env)
        secrets_dir = stack_of.enter_context(secrets_folder(ports))
        stack_of.enter_context(identity_provider(ports.identity))
        work = Path(stack_of.enter_context(tempfile.TemporaryDirectory(prefix="mq-deploy-")))
        stack = Stack(env, ports, secrets_dir)
        stack.compose("config", "-q")  # the file against the Compose Specification's schema
        stack.down()  # what an interrupted run may have left
        stack_of.callback(stack.down)
        stack.up("db", "app1", "app2", "balancer")
        stack.wait_ready("app1", "app2")
        log(f"stack up with 2 replicas after {time.monotonic() - started:.0f} s")
        for service in ("app1", "app2", "balancer", "db"):
            log(f"{service}: docker health {stack.health(service)}")

        # 1. The load: one replica (app2 stopped), then two.
        stack.stop("app2")
        one = load(stack, ["app1"], args)
        stack.up("app2")
        stack.wait_ready("app2")
        two = load(stack, ["app1", "app2"], args)

        # 2. Uploads through the balancer, each from a new browser.
        uploads = asyncio.run(
            browsers.uploads_check(ports.url, args.uploads, args.upload_concurrency, work)
        )
        per_replica = {r: sum(1 for _, s in uploads.saved if s == r) for r in ("app1", "app2")}
        log(f"uploads: {len(uploads.saved)} saved {per_replica}, {len(uploads.failed)} failed")
        for problem in uploads.failed[:5]:
            log(f"  {problem}")

        # 3. Saved through one replica, opened on the other.
        cross = False
        if uploads.saved:
            dataset_id, saved_on = uploads.saved[0]
            other = "app2" if saved_on == "app1" else "app1"
            cross = asyncio.run(
                browsers.cross_replica_check(ports.url, dataset_id, saved_on, other)
            )
        log(f"cross replica: {'ok' if cross else 'failed'}")

        # The balancer's cache: published pages kept, datasets never.
        cached = bool(uploads.saved) and public_cache_check(ports.url, uploads.saved[0][0])
        log(f"balancer cache: {'ok' if cached else 'failed'}")

        # 4. A replica restarted under load.
        before = saved_ids(stack)
        restart = restart_under_load(stack, args)
        lost = len(before - saved_ids(stack))
        log(
            f"restart under load: errors={restart['errors']:.0f} leaked={restart['leaked']:.0f} "
            f"reconnected={restart['reconnects']:.0f} datasets_lost={lost} of {len(before)}"
        )

        # 5. Sign-in in Chromium through the balancer.
        failed = asyncio.run(browsers.signin_check(ports.url, work, ("app1", "app2")))
        for problem in failed:
            log(f"sign-in: {problem}")
        log(f"sign-in: {'ok' if not failed else 'failed'}")
        result.update(one=one, two=two, uploads=uploads, cross=cross, lost=lost,
                      restart=restart, signin=not failed, cached=cached)  # fmt: skip

        # 6. Stop everything: the stack now (its containers must be gone), then, leaving
        # this block, the identity provider and the Docker engine if the check started it.
        stack.down()
        left = containers_left(stack)
    listening = ports_listening(ports)
    stopped = not left and not listening
    log(
        f"stopped everything: {'ok' if stopped else 'failed'} "
        f"(containers left: {len(left)}, ports still listened on: {listening or 'none'})"
    )
    one, two, uploads = result["one"], result["two"], result["uploads"]
    ratio = two["runs_per_s"] / one["runs_per_s"] if one["runs_per_s"] else float("nan")
    met = "met" if ratio >= RATIO_TARGET else "not met"
    log(
        f"throughput: {one['runs_per_s']:.1f} runs/s with 1 replica, "
        f"{two['runs_per_s']:.1f} with 2 ({ratio:.2f}x; target >= {RATIO_TARGET}x: {met})"
    )
    log(f"took {time.monotonic() - started:.0f} s")
    saved = deployment.save(
        {
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "sessions": args.sessions,
            "duration": args.duration,
            "load_average": os.getloadavg()[0],
            "one": one,
            "two": two,
            "restart": result["restart"],
            "restart_lost": result["lost"],
        }
    )
    log(f"figures for the benchmark's deployment section: {saved}")
    errors = int(one["errors"] + two["errors"])
    leaked = int(one["leaked"] + two["leaked"] + result["restart"]["leaked"])
    passed = (
        errors == 0
        and leaked == 0
        and not uploads.failed
        and len(uploads.saved) == args.uploads
        and result["cross"]
        and result["lost"] == 0
        and result["signin"]
        and result["cached"]
        and stopped
    )
    print(
        f"replicas=2 sessions={args.sessions} errors={errors} leaked={leaked} "
        f"uploads={len(uploads.saved)} uploads_failed={args.uploads - len(uploads.saved)} "
        f"cross_replica={'ok' if result['cross'] else 'failed'} restart_lost={result['lost']} "
        f"signin={'ok' if result['signin'] else 'failed'} "
        f"runs_per_s_1={one['runs_per_s']:.1f} runs_per_s_2={two['runs_per_s']:.1f} "
        f"p95_ms={two['p95_ms']:.0f}",
        flush=True,
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
