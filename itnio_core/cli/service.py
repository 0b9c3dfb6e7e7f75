"""``db upgrade`` and ``worker``: the console's database and its background work, from a shell.

``itnio db upgrade`` brings the database to this version's schema (every migration not yet
applied; a database from before Alembic is taken over in place). ``itnio worker`` runs the
background work (sending, scheduled campaigns, report checks, bulk lookups and backfills)
in the foreground until stopped, with no web server: for a team, one or more beside the
web servers (with ``ITNIO_WORKER_IN_WEB=false`` there).
"""

from __future__ import annotations

import argparse
import signal
import sys
from types import FrameType
from typing import Any, TextIO

from ..common import Settings
from ..console import Console
from ..store import make_engine, migrate
from ..worker import Worker
from .common import AddCommand


def register(cmd: AddCommand, sub: Any) -> None:
    db = sub.add_parser("db", help="the console's database")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="bring the database to this version (keeps every row)")
    up.set_defaults(handler=None, run=upgrade)
    cmd("worker", run_worker, "run the background work until stopped (Ctrl+C or SIGTERM)")


def upgrade(_args: argparse.Namespace, out: TextIO) -> int:
    settings = Settings.load()
    engine = make_engine(settings.database_url)
    try:
        before = migrate.current(engine)
        migrate.upgrade(engine)
        after = migrate.current(engine)
    finally:
        engine.dispose()
    where = engine.url.render_as_string(hide_password=True)
    if before == after:
        print(f"The database {where} is up to date ({after}).", file=out)
    else:
        print(f"The database {where} was brought from {before or 'nothing'} to {after}.", file=out)
    return 0


def run_worker(_args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    worker = Worker(console, kind="worker")

    def stop(_signum: int, _frame: FrameType | None) -> None:
        worker.stop(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    worker.start()
    print(
        f"Background work is running (worker {worker.id}, database {console.store.address}). "
        "Stop it with Ctrl+C.",
        file=sys.stderr,
        flush=True,
    )
    worker.wait()
    worker.stop()
    print("Background work stopped.", file=out)
    return {"worker": worker.id, "stopped": True}
