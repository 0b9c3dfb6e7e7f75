"""``GET /healthz``, what a load balancer asks: 200 while the database answers at this
version's schema; 503 with the reason when it is unreachable or not migrated. Asking never
changes the database."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from starlette.requests import Request

from itnio_core.sandbox import RunningSandbox, start_sandbox
from itnio_core.server import healthz
from itnio_core.store import make_engine, migrate
from tests.pgcluster import Cluster
from tests.processes import free_port, launcher, live_env, upgrade, wait_healthy
from tests.processes import healthz as ask_healthz


@pytest.fixture
def platform() -> Iterator[RunningSandbox]:
    with start_sandbox() as sandbox:
        yield sandbox


def asked(monkeypatch: pytest.MonkeyPatch, database_url: str) -> tuple[int, dict[str, object]]:
    """The route's answer with ``ITNIO_DATABASE_URL=database_url``, without a server."""
    monkeypatch.setenv("ITNIO_DATABASE_URL", database_url)
    request = Request({"type": "http", "method": "GET", "path": "/healthz", "headers": []})
    # In a thread of its own: an earlier test (Playwright's sync API) may have left an
    # event loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        response = pool.submit(asyncio.run, healthz(request)).result()
    return response.status_code, json.loads(bytes(response.body))


def test_a_database_never_migrated_is_503_saying_to_upgrade_and_stays_as_it_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    status, answer = asked(monkeypatch, url)
    assert status == 503 and answer["ok"] is False
    reason = str(answer["reason"])
    assert "not set up" in reason and migrate.UPGRADE_COMMAND in reason
    engine = make_engine(url)
    assert migrate.current(engine) is None  # the health check did not upgrade it
    engine.dispose()


def test_an_unreachable_database_is_503_saying_it_does_not_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nobody = f"postgresql+psycopg://itnio@127.0.0.1:{free_port()}/itnio"  # nothing listens
    status, answer = asked(monkeypatch, nobody)
    assert (status, answer) == (
        503,
        {"ok": False, "reason": "The database does not answer: OperationalError."},
    )


def test_a_migrated_database_is_200(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ready.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    assert asked(monkeypatch, url) == (200, {"ok": True})


def test_the_server_answers_200_then_503_once_the_database_is_another_version(
    tmp_path: Path, own_folder_and_database: str, platform: RunningSandbox
) -> None:
    env = live_env(tmp_path, own_folder_and_database, platform.url)
    upgrade(tmp_path, env)
    with launcher(tmp_path, env) as launch:
        web = launch.server()
        wait_healthy(web)
        answer = ask_healthz(web)
        assert answer is not None and answer.json() == {"ok": True}
        # A newer console upgraded the database during a rolling upgrade: this server is
        # taken out of the load balancer, and says why.
        engine = make_engine(own_folder_and_database)
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099_newer'"))
        engine.dispose()
        answer = ask_healthz(web)
        assert answer is not None and answer.status_code == 503
        reason = answer.json()["reason"]
        assert "another version" in reason and migrate.UPGRADE_COMMAND in reason


def test_the_server_answers_503_when_its_postgresql_database_is_gone(
    tmp_path: Path, pg_cluster: Cluster, platform: RunningSandbox
) -> None:
    url = pg_cluster.create_database("healthz_gone")
    env = live_env(tmp_path, url, platform.url, ITNIO_WORKER_IN_WEB="false")
    upgrade(tmp_path, env)
    with launcher(tmp_path, env) as launch:
        web = launch.server()
        wait_healthy(web)
        admin = sa.create_engine(pg_cluster.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql('DROP DATABASE "healthz_gone" WITH (FORCE)')
        admin.dispose()
        answer = ask_healthz(web)
        assert answer is not None and answer.status_code == 503
        assert answer.json() == {
            "ok": False,
            "reason": "The database does not answer: OperationalError.",
        }
