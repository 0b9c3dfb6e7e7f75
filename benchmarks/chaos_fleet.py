"""The processes of a chaos run (``chaos.py``): the sandbox, the web servers and the workers,
each the leader of its own process group in the run's folder, logging to ``<name>.log`` there.

    platform, url = start_sandbox(folder, latency=0.5)
    children = fleet(folder, app_env(folder, database_url, url))
    for child in children:
        child.start()
    ...
    child.signal(signal.SIGKILL); child.wait(); child.start()   # kill -9 and start again
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from itnio_core.sandbox import (
    DEFAULT_API_KEY,
    DEFAULT_API_SECRET,
    DEFAULT_OTP_APP_ID,
    DEFAULT_SMS_APP_ID,
)
from itnio_core.store.engine import Store
from itnio_core.worker import liveness
from tests.pgcluster import Cluster

ROOT = Path(__file__).resolve().parents[1]
START_MAX_S = 180.0  # a loaded machine starts a web server in seconds; only a stuck one waits
# A live process gives up on a request (connect + read) before the lease calls it unknown.
TIMEOUTS = {"ITNIO_CONNECT_TIMEOUT": "3", "ITNIO_READ_TIMEOUT": "10"}
LEASE_SECONDS = 15.0
WEB = ["-m", "streamlit", "run", str(ROOT / "server.py"), "--server.headless", "true",
       "--server.port", "{port}", "--server.address", "127.0.0.1",
       "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # fmt: skip
WORKER = ["-m", "itnio_core", "worker"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Child:
    """One process of the run; ``{port}`` in its arguments is a free port at each start."""

    name: str
    argv: list[str]
    folder: Path
    env: dict[str, str]
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        argv = [sys.executable, *(a.replace("{port}", str(free_port())) for a in self.argv)]
        with (self.folder / f"{self.name}.log").open("ab") as log:
            self.proc = subprocess.Popen(
                argv, cwd=self.folder, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def signal(self, sig: int) -> None:
        """``sig`` to its whole group, and nothing broader."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)

    def wait(self, timeout: float = 60) -> None:
        if self.proc is None:
            return
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.proc.wait(timeout)


def start_sandbox(folder: Path, latency: float) -> tuple[Child, str]:
    """``itnio sandbox`` with a slow send in its own process; returns it and its URL."""
    argv = ["-m", "itnio_core", "sandbox", "--port", "{port}", "--send-latency", str(latency),
            "--balance", "1000000000"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    child = Child("sandbox", argv, folder, env)
    child.start()
    deadline = time.monotonic() + START_MAX_S
    while time.monotonic() < deadline:
        found = re.search(r"http://127\.0\.0\.1:\d+", (folder / "sandbox.log").read_text())
        if found:
            return child, found.group(0)
        time.sleep(0.1)
    raise RuntimeError(f"the sandbox did not start: see {folder / 'sandbox.log'}")


def app_env(folder: Path, database_url: str, sandbox_url: str) -> dict[str, str]:
    """Live mode against the sandbox, background work in the web servers too, the run's
    short lease and timeouts; none of the caller's ITNIO_* or STREAMLIT_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ITNIO_", "STREAMLIT_"))}
    (folder / "secrets.toml").write_text("# settings come from the environment\n")
    return {
        **env, "PYTHONPATH": str(ROOT), "STREAMLIT_SECRETS_FILES": str(folder / "secrets.toml"),
        "ITNIO_DATABASE_URL": database_url, "ITNIO_BASE_URL": sandbox_url,
        "ITNIO_API_KEY": DEFAULT_API_KEY, "ITNIO_API_SECRET": DEFAULT_API_SECRET,
        "ITNIO_SMS_APP_ID": DEFAULT_SMS_APP_ID, "ITNIO_OTP_APP_ID": DEFAULT_OTP_APP_ID,
        "ITNIO_WORKER_IN_WEB": "true", "ITNIO_SEND_LEASE_SECONDS": str(LEASE_SECONDS), **TIMEOUTS,
    }  # fmt: skip


def upgrade(folder: Path, env: dict[str, str]) -> None:
    """``itnio db upgrade``, as before the first start of the app or a worker."""
    argv = [sys.executable, "-m", "itnio_core", "db", "upgrade"]
    subprocess.run(argv, cwd=folder, env=env, check=True, capture_output=True)


def fleet(folder: Path, env: dict[str, str]) -> list[Child]:
    """Two web servers (``server.py``) and two ``itnio worker``, not started yet."""
    kinds = (("web-1", WEB), ("web-2", WEB), ("worker-1", WORKER), ("worker-2", WORKER))
    return [Child(name, argv, folder, env) for name, argv in kinds]


def wait_all_beating(children: list[Child], store: Store) -> None:
    """Until every child has registered its heartbeat (a web server does in its lifespan)."""
    deadline = time.monotonic() + START_MAX_S
    while time.monotonic() < deadline:
        beating = {w.pid for w in liveness(store).alive}
        if all(c.proc is not None and c.proc.pid in beating for c in children):
            return
        for c in children:
            if c.proc is not None and c.proc.poll() is not None:
                raise RuntimeError(f"{c.name} exited: see {c.folder / (c.name + '.log')}")
        time.sleep(0.2)
    raise RuntimeError("the web servers and workers did not all start")


@contextlib.contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A SQLite file in the run's folder, or a database in a throwaway PostgreSQL."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'chaos.db'}"
        return
    with Cluster.start() as cluster:
        yield cluster.create_database("chaos")
