"""Fresh, migrated databases for tests, on SQLite and on a real PostgreSQL.

Every test that touches the store asks for the ``database`` fixture (or ``store``,
``sandbox_env``, ``app_env``, which ask for it) and so runs twice: ``[sqlite]`` and
``[postgres]``. A database is a copy of one migrated at the start of the session: a file
copy for SQLite, ``CREATE DATABASE ... TEMPLATE`` for PostgreSQL (a few milliseconds each).
The PostgreSQL server is Debian's, started once per session in a temporary folder
(``tests/pgcluster.py``); without it the PostgreSQL runs are skipped, except under
``CI=true``, where a missing server fails the run.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from itnio_core.store import make_engine, migrate
from tests import pgcluster

DIALECTS = ("sqlite", "postgres")
TEMPLATE = "itnio_template"
_numbers = itertools.count(1)


def migrated_sqlite(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    return url


class Postgres:
    """The session's cluster, with a migrated template every test database is copied from."""

    def __init__(self, cluster: pgcluster.Cluster) -> None:
        self.cluster = cluster
        engine = make_engine(cluster.create_database(TEMPLATE))
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()

    def new_database(self) -> str:
        return self.cluster.create_database(f"t_{next(_numbers)}", template=TEMPLATE)

    def drop(self, url: str) -> None:
        """Close every connection a test left open, then drop its database."""
        name = sa.make_url(url).database
        admin = sa.create_engine(self.cluster.url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        finally:
            admin.dispose()


@contextlib.contextmanager
def postgres_for_session() -> Iterator[Postgres | None]:
    """A running cluster, or None when PostgreSQL is not installed here (fails under CI)."""
    if not pgcluster.available():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is not installed (scripts/test installs it): CI must test it")
        yield None
        return
    with pgcluster.Cluster.start() as cluster:
        yield Postgres(cluster)


def copy_sqlite(template: Path, path: Path) -> str:
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"
