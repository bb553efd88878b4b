"""The deployment under test: a Docker engine, the images, and the compose stack on loopback.

When no Docker engine answers, one is started for the check (Debian's ``dockerd``, its own
socket, no bridge and no iptables rules: every container uses the host's network on
loopback) and stopped at the end; its image store is kept between runs, so the base images
are built once. Everything the check starts, it stops: the stack (``down -v``), the engine
it started, the secrets folder.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.harness import ROOT
from bench.load_server import server_pid

DEPLOY = ROOT / "deploy"
COMPOSE_FILE = DEPLOY / "compose.yaml"
PROJECT = "monoqala-check"
STATE = Path(os.environ.get("MONOQALA_DEPLOY_STATE", "/var/lib/monoqala-deploy"))
SOCKET = Path("/run/monoqala-deploy/docker.sock")


@dataclass(frozen=True)
class Ports:
    """Loopback ports of the stack: below the range the kernel hands out for tests' free
    ports (32768 and up), and away from the usual development servers."""

    http: int = 19480
    app1: int = 19481
    app2: int = 19482
    db: int = 19483
    identity: int = 19484

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http}"

    def replica_url(self, name: str) -> str:
        return f"http://127.0.0.1:{getattr(self, name)}"


def log(message: str) -> None:
    print(f"[deploy-check] {message}", flush=True)


def run(cmd: list[str], *, env: dict[str, str] | None = None, check: bool = True, **kw):
    """Run ``cmd``; on failure, raise with the end of its output."""
    done = subprocess.run(cmd, env=env, text=True, capture_output=True, **kw)
    if check and done.returncode != 0:
        tail = (done.stdout + done.stderr)[-3000:]
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed ({done.returncode}):\n{tail}")
    return done


def docker_cli() -> str:
    """The ``docker`` beside Debian's ``dockerd`` when there is one (it speaks its API)."""
    beside = Path("/usr/bin/docker")
    return str(beside) if beside.exists() else "docker"


def _answers(env: dict[str, str]) -> bool:
    return (
        run(
            [docker_cli(), "info", "--format", "{{.ServerVersion}}"], env=env, check=False
        ).returncode
        == 0
    )


@contextmanager
def docker_engine():
    """An environment whose ``DOCKER_HOST`` reaches a running engine; started if needed."""
    env = dict(os.environ)
    if _answers(env):
        log("using the running Docker engine")
        yield env
        return
    env["DOCKER_HOST"] = f"unix://{SOCKET}"
    SOCKET.parent.mkdir(parents=True, exist_ok=True)
    (STATE / "docker").mkdir(parents=True, exist_ok=True)
    log_file = open(STATE / "dockerd.log", "ab")  # noqa: SIM115 - open while the engine runs
    engine = subprocess.Popen(
        [
            "dockerd",
            f"--host=unix://{SOCKET}",
            f"--data-root={STATE / 'docker'}",
            f"--exec-root={SOCKET.parent / 'exec'}",
            f"--pidfile={SOCKET.parent / 'dockerd.pid'}",
            # Host networking only: no bridge, no NAT, no firewall rules on the machine.
            "--bridge=none",
            "--iptables=false",
            "--ip6tables=false",
            "--ip-masq=false",
        ],
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not _answers(env):
            if engine.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dockerd did not start: see {STATE / 'dockerd.log'}")
            time.sleep(0.5)
        log(f"started a Docker engine (pid {engine.pid})")
        yield env
    finally:
        engine.terminate()
        try:
            engine.wait(timeout=30)
        except subprocess.TimeoutExpired:
            engine.kill()
            engine.wait()
        log_file.close()
        log("stopped the Docker engine")


def build_images(env: dict[str, str]) -> None:
    """Every image of the stack (deploy/build/images.sh), with the base images cached."""
    env = {**env, "DOCKER": docker_cli()}
    started = time.monotonic()
    done = subprocess.run([str(DEPLOY / "build" / "images.sh")], env=env, text=True)
    if done.returncode != 0:
        raise RuntimeError("building the images failed (output above)")
    log(f"images built in {time.monotonic() - started:.0f} s")


@contextmanager
def secrets_folder(ports: Ports):
    """The stack's secrets as files: a random database password and cookie secrets, and
    sign-in's settings pointing at the identity provider on loopback."""
    folder = Path(tempfile.mkdtemp(prefix="monoqala-secrets-"))  # mode 0700: root only
    try:
        # Readable inside the containers, whose users are not root: the folder guards them.
        def write(name: str, text: str) -> None:
            path = folder / name
            path.write_text(text, encoding="utf-8")
            path.chmod(0o644)

        write("db_password", secrets.token_urlsafe(24) + "\n")
        write("cookie_secret", secrets.token_urlsafe(32) + "\n")
        write(
            "auth.toml",
            "[auth]\n"
            f'redirect_uri = "{ports.url}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
            'client_id = "monoqala"\n'
            f'client_secret = "{secrets.token_urlsafe(24)}"\n'
            f'server_metadata_url = "http://127.0.0.1:{ports.identity}'
            '/.well-known/openid-configuration"\n',
        )
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Stack:
    """``docker-compose`` on deploy/compose.yaml, as project ``monoqala-check``."""

    def __init__(self, env: dict[str, str], ports: Ports, secrets_dir: Path) -> None:
        self.ports = ports
        self.env = {
            **env,
            "MONOQALA_SECRETS": str(secrets_dir),
            "MONOQALA_HTTP_PORT": str(ports.http),
            "MONOQALA_APP1_PORT": str(ports.app1),
            "MONOQALA_APP2_PORT": str(ports.app2),
            "MONOQALA_DB_PORT": str(ports.db),
            "MONOQALA_APP_URL": ports.url,
        }

    def compose(self, *args: str, check: bool = True):
        cmd = ["docker-compose", "-p", PROJECT, "-f", str(COMPOSE_FILE), *args]
        return run(cmd, env=self.env, check=check)

    def up(self, *services: str) -> None:
        self.compose("up", "-d", "--no-build", *services)

    def stop(self, *services: str) -> None:
        self.compose("stop", *services)

    def restart(self, service: str) -> None:
        self.compose("restart", service)

    def down(self) -> None:
        """Stop and remove every container, and the check's volume of datasets."""
        self.compose("down", "-v", "--remove-orphans", check=False)

    def logs(self, service: str) -> str:
        return self.compose("logs", "--no-color", service, check=False).stdout

    def wait_ready(self, *replicas: str, timeout: float = 180) -> None:
        """Wait until each replica's ``/readyz`` and the balancer answer."""
        deadline = time.monotonic() + timeout
        for url in [self.ports.replica_url(r) + "/readyz" for r in replicas] + [
            self.ports.url + "/healthz"
        ]:
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=5) as answer:
                        if answer.status == 200:
                            break
                except (OSError, urllib.error.HTTPError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} not ready after {timeout:.0f} s")
                time.sleep(0.5)

    def pids(self, *replicas: str) -> list[int]:
        """The replicas' server processes, seen from the host (they share its network)."""
        return [server_pid(getattr(self.ports, r)) for r in replicas]

    def health(self, service: str) -> str:
        container = self.compose("ps", "-q", service).stdout.strip()
        state = run([docker_cli(), "inspect", container], env=self.env).stdout
        return json.loads(state)[0]["State"].get("Health", {}).get("Status", "none")
