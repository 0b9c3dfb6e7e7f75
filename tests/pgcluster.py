"""A throwaway PostgreSQL server for tests and benchmarks: Debian's ``postgresql`` run as the
``postgres`` user in a temporary directory, on a free 127.0.0.1 port, stopped at the end.

    with Cluster.start() as pg:
        url = pg.create_database("t_1")     # postgresql+psycopg://postgres@127.0.0.1:PORT/t_1

No Docker. ``scripts/test`` installs the package when it is missing; ``available()`` says
whether it is here (under ``CI=true`` a missing PostgreSQL is a failure, not a skip).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from tests.processes import free_port


def _bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def available() -> bool:
    return _bin() is not None and shutil.which("runuser") is not None


def _as_postgres(*argv: str | Path) -> None:
    cmd = [str(a) for a in argv]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, check=True, capture_output=True, text=True)


class Cluster:
    def __init__(self, folder: Path, port: int, binaries: Path) -> None:
        self.folder = folder
        self.port = port
        self._bin = binaries

    @classmethod
    @contextlib.contextmanager
    def start(cls) -> Iterator[Cluster]:
        binaries = _bin()
        if binaries is None:
            raise RuntimeError("PostgreSQL is not installed: apt-get install -y postgresql")
        folder = Path(tempfile.mkdtemp(prefix="itnio-pg-"))
        folder.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        cluster = cls(folder, free_port(), binaries)
        _as_postgres(binaries / "initdb", "-D", folder / "data", "-A", "trust", "-E", "UTF8",
                     "--no-sync")  # fmt: skip
        options = (
            f"-p {cluster.port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        _as_postgres(binaries / "pg_ctl", "-D", folder / "data", "-o", options,
                     "-l", folder / "log", "-w", "start")  # fmt: skip
        try:
            yield cluster
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):
                _as_postgres(binaries / "pg_ctl", "-D", folder / "data", "-m", "immediate",
                             "stop")  # fmt: skip
            shutil.rmtree(folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                copy = f" TEMPLATE {template}" if template else ""
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"{copy}')
        finally:
            engine.dispose()
        return self.url(name)
