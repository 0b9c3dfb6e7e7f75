"""The app's own processes in tests: ``server.py`` served as ``scripts/start`` serves it, and
``itnio worker``, each in its own process group, working in a test's folder.

    env = live_env(tmp_path, database_url, sandbox.url, ITNIO_SEND_LEASE_SECONDS="2")
    upgrade(tmp_path, env)                      # itnio db upgrade, as before a first start
    with launcher(tmp_path, env) as launch:
        web = launch.server()
        wait_healthy(web)
        ...
        web.kill()                              # kill -9 of its whole group: a crash

Live mode against a sandbox the test runs (no credentials would start each process's own
sandbox). A process is stopped by its own group id and nothing broader; every wait has a
generous bound and fails with the process's log.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import requests

from itnio_core.sandbox import (
    DEFAULT_API_KEY,
    DEFAULT_API_SECRET,
    DEFAULT_OTP_APP_ID,
    DEFAULT_SMS_APP_ID,
)
from tests.paths import ROOT, SERVER
from tests.waiting import wait_until

START_MAX_S = 180.0  # a loaded 2-core machine starts a server in seconds; only a stuck one waits
STOP_MAX_S = 120.0  # a clean stop waits for the requests in flight to be answered


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def live_env(tmp: Path, database_url: str, sandbox_url: str, **extra: str) -> dict[str, str]:
    """This environment without the caller's ITNIO_* and STREAMLIT_* settings: live mode
    against ``sandbox_url``, the test's database, no secrets file, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ITNIO_", "STREAMLIT_"))}
    secrets = tmp / "empty-secrets.toml"
    secrets.write_text("# settings come from the environment\n")
    env.update(
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
        STREAMLIT_SECRETS_FILES=str(secrets),
        ITNIO_DATABASE_URL=database_url,
        ITNIO_API_KEY=DEFAULT_API_KEY,
        ITNIO_API_SECRET=DEFAULT_API_SECRET,
        ITNIO_SMS_APP_ID=DEFAULT_SMS_APP_ID,
        ITNIO_OTP_APP_ID=DEFAULT_OTP_APP_ID,
        ITNIO_BASE_URL=sandbox_url,
        **extra,
    )
    return env


def upgrade(tmp: Path, env: dict[str, str]) -> None:
    """``itnio db upgrade``: what must run on a new database before the app or a worker."""
    cmd = [sys.executable, "-m", "itnio_core", "db", "upgrade"]
    done = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@dataclass
class Process:
    """One started process (the leader of its own group) and its log file."""

    name: str
    proc: subprocess.Popen[bytes]
    log: Path
    url: str = ""  # a web server's address

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def signal(self, sig: int) -> None:
        """Send ``sig`` to its whole group (its own session: nothing else is in it)."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, sig)

    def wait(self) -> int:
        """Until the leader has exited (bounded); its exit code."""
        try:
            return self.proc.wait(timeout=STOP_MAX_S)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"{self.name} did not exit within {STOP_MAX_S:g} s") from None

    def stop(self) -> int:
        """SIGTERM, as systemd or a person stops it; returns its exit code."""
        self.signal(signal.SIGTERM)
        return self.wait()

    def kill(self) -> int:
        """``kill -9`` of its whole group, as a crash or a lost machine would end it."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        return self.proc.wait(timeout=STOP_MAX_S)


class Launcher:
    """Starts the app's processes in one test's folder with one environment; ``close``
    (or leaving ``launcher``) kills whichever are still running, so none outlives the test."""

    def __init__(self, tmp: Path, env: dict[str, str]) -> None:
        self.tmp = tmp
        self.env = env
        self.started: list[Process] = []

    def server(self, **extra_env: str) -> Process:
        """``streamlit run server.py`` on a free loopback port (the app, its routes, its
        lifespan, which runs the background work unless ``ITNIO_WORKER_IN_WEB=false``)."""
        port = free_port()
        cmd = [
            sys.executable, "-m", "streamlit", "run", SERVER,
            "--server.headless", "true",
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ]  # fmt: skip
        return self._start("server", cmd, extra_env, f"http://127.0.0.1:{port}")

    def worker(self, **extra_env: str) -> Process:
        """``itnio worker``: the background work alone, until SIGTERM."""
        return self._start("worker", [sys.executable, "-m", "itnio_core", "worker"], extra_env)

    def _start(
        self, kind: str, cmd: list[str], extra_env: dict[str, str], url: str = ""
    ) -> Process:
        name = f"{kind}-{len(self.started) + 1}"
        log = self.tmp / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                cmd, cwd=self.tmp, env={**self.env, **extra_env}, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        process = Process(name, proc, log, url)
        self.started.append(process)
        return process

    def close(self) -> None:
        for process in self.started:
            if process.alive():
                process.kill()


@contextlib.contextmanager
def launcher(tmp: Path, env: dict[str, str]) -> Iterator[Launcher]:
    launch = Launcher(tmp, env)
    try:
        yield launch
    finally:
        launch.close()


def healthz(process: Process) -> requests.Response | None:
    try:
        return requests.get(f"{process.url}/healthz", timeout=10)
    except requests.RequestException:
        return None


def wait_healthy(process: Process) -> None:
    """Until ``GET /healthz`` answers 200; fails with the log if the server exits first."""

    def healthy() -> bool:
        if not process.alive():
            raise AssertionError(f"{process.name} exited:\n{process.output()}")
        answer = healthz(process)
        if answer is None:
            time.sleep(0.2)  # not listening yet: ask again shortly
        return answer is not None and answer.status_code == 200

    wait_until(healthy, f"{process.name} to answer /healthz", timeout=START_MAX_S)
