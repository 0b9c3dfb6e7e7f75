"""Alembic migrations: a new database gets the schema, one made before Alembic is taken over
in place without losing a row, and the tables in schema.py agree with the migrations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from itnio_core.store import Store, migrate
from itnio_core.store.engine import make_engine
from itnio_core.store.schema import metadata
from tests.store import legacy_schema as legacy


def differences(engine: sa.Engine) -> list[object]:
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), metadata))


def test_a_new_database_is_migrated_to_the_tables_of_schema_py(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert migrate.current(engine) is None
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    assert differences(engine) == []
    migrate.upgrade(engine)  # again: nothing to do
    assert migrate.current(engine) == migrate.head()


def test_schema_py_and_the_migrations_disagreeing_is_caught(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE campaigns ADD COLUMN surprise TEXT")
    assert differences(engine), "a column only the database has must show"


def legacy_database(url: str, version: int = 7) -> sa.Engine:
    engine = make_engine(url)
    with engine.begin() as conn:
        legacy.make_legacy_database(conn, version)
    return engine


def test_a_version_7_database_is_taken_over_without_losing_a_row(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'v7.db'}"
    engine = legacy_database(url)
    now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(legacy.campaigns.insert(), [_campaign(now)])
        conn.execute(
            legacy.recipients.insert(),
            [_recipient(i, reason_zh="号码无效" if i % 2 else "") for i in range(300)],
        )
        conn.execute(legacy.stop_list.insert(), [_stop(n, now) for n in range(50)])
        conn.execute(legacy.api_calls.insert(), [_call(n, now) for n in range(25)])
    before = _counts(engine)
    assert migrate.current(engine) is None
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    assert _counts(engine) == before
    assert not sa.inspect(engine).has_table("schema_info")
    assert differences(engine) == []
    with engine.connect() as conn:
        reasons = conn.execute(sa.text("select reason_zh from recipients order by row_index"))
        assert [r[0] for r in reasons][:2] == ["", "号码无效"]
    assert Store(url).recent_calls(limit=100)[0].at.tzinfo is not None


@pytest.mark.parametrize("version", [1, 3, 6])
def test_an_older_database_gets_what_it_lacked(tmp_path, version: int) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = legacy_database(url, version)
    if version == 6:  # what a version-6 database looks like: no Chinese reasons yet
        with engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE recipients DROP COLUMN reason_zh")
    migrate.upgrade(engine)
    assert differences(engine) == []
    names = [c["name"] for c in sa.inspect(engine).get_columns("recipients")]
    assert "reason_zh" in names


def _counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t: conn.execute(sa.text(f"select count(*) from {t}")).scalar_one()
            for t in ("campaigns", "recipients", "stop_list", "api_calls")
        }


def _campaign(now: datetime) -> dict[str, object]:
    return dict(
        id=1, name="Promo", status="finished", created_at=now, content="Hi", sender_id="",
        source_name="c.xlsx", source_sheet="Sheet1", source_hash="x", phone_column="Phone",
        rows=300, recipients=150, segments=150, requests=1, verdict_counts="{}",
    )  # fmt: skip


def _recipient(i: int, reason_zh: str) -> dict[str, object]:
    return dict(
        campaign_id=1, row_index=i, excel_row=i + 2, raw=f"9198765{i:05d}",
        number=f"9198765{i:05d}", verdict="ok", reason="", reason_zh=reason_zh,
        content_id=0, submit_status="sent",
    )  # fmt: skip


def _stop(n: int, now: datetime) -> dict[str, object]:
    return dict(number=f"4479{n:08d}", added_at=now, added_by="ana", note="")


def _call(n: int, now: datetime) -> dict[str, object]:
    return dict(
        at=now, endpoint="balance", method="GET", path="/sms/getBalance", request_summary="{}",
        ids="", id_count=0, duration_ms=1.0, status=0,
    )  # fmt: skip


def alembic_heads() -> list[str]:
    from alembic.script import ScriptDirectory

    return list(ScriptDirectory.from_config(migrate.config()).get_heads())


def test_the_head_read_without_alembic_is_alembics_head() -> None:
    assert [migrate._linear_head()] == alembic_heads()


def write_revision(folder, revision: str, down: str | None, annotated: bool = False) -> None:
    down_text = "None" if down is None else f'"{down}"'
    hint = ": str | None" if annotated else ""
    (folder / f"{revision}_step.py").write_text(
        f'"""Step."""\nrevision{": str" if annotated else ""} = "{revision}"\n'
        f"down_revision{hint} = {down_text}\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("chain", "expected"),
    [
        ([("0001", None), ("0002", "0001"), ("0007", "0002")], "0007"),
        ([("0001", None), ("0002", "0001", True)], "0002"),  # Alembic's annotated template
        ([("0001", None), ("0002", "0001"), ("0007", "0001")], None),  # two heads
        ([("0002", "0001")], None),  # its parent is missing
        ([("0001", None), ("0002", None)], None),  # two roots
    ],
)
def test_an_unusual_chain_is_left_to_alembic(tmp_path, monkeypatch, chain, expected) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    for step in chain:
        write_revision(versions, *step)
    monkeypatch.setattr(migrate, "SCRIPTS", tmp_path)
    assert migrate._linear_head() == expected


def test_current_reads_the_version_table_as_alembic_does(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'v.db'}")
    assert migrate.current(engine) is None
    migrate.upgrade(engine, "0002")
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0002"
    assert migrate.current(engine) == "0002"
