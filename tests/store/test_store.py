import pytest
import sqlalchemy as sa

from itnio_core.api.calls import CallRecord
from itnio_core.store import migrate
from itnio_core.store.engine import Store, make_engine, writing
from tests import databases


def test_an_unmigrated_database_is_refused_with_the_upgrade_command(tmp_path):
    url = f"sqlite:///{tmp_path / 'sub' / 'console.db'}"
    with pytest.raises(migrate.DatabaseNotReadyError, match="scripts/itnio db upgrade") as info:
        Store(url)
    assert "not set up" in info.value.user_message and "itnio db upgrade" in info.value.message_zh
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    store = Store(url)
    assert migrate.current(store.engine) == migrate.head()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.execute(sa.text("select count(*) from alembic_version")).scalar() == 1


def test_a_database_from_another_version_is_refused(database):
    store = Store(database)
    with store.engine.begin() as conn:
        conn.execute(sa.text("update alembic_version set version_num = '0999'"))
    store.close()
    with pytest.raises(migrate.DatabaseNotReadyError, match="another version"):
        Store(database)


def test_calls_round_trip_newest_first(store):
    store.record_call(
        CallRecord(
            "send",
            "POST",
            "/sms/sendSms/batch",
            {"numbers": 2},
            user="ana",
            status=0,
            reason="success",
            ids=["m1", "m2"],
        )
    )
    store.record_call(
        CallRecord("report", "GET", "/sms/getReport", {"msgIds": 2}, status=-16, error="clock")
    )
    calls = store.recent_calls()
    assert [c.endpoint for c in calls] == ["report", "send"]
    send = calls[1]
    assert send.ok and send.ids == ["m1", "m2"] and send.user == "ana"
    assert send.request_summary == {"numbers": 2}
    assert send.at.tzinfo is not None
    assert not calls[0].ok and calls[0].error == "clock"
    assert store.count_calls(["send"]) == 1
    assert [c.endpoint for c in store.recent_calls(endpoint="send")] == ["send"]


def _other_writer(path):
    """Another process's connection that will not wait for a lock (timeout 0)."""
    import sqlite3

    return sqlite3.connect(path, timeout=0, isolation_level=None)


def test_a_plain_transaction_that_reads_first_fails_when_another_writer_commits(tmp_path):
    """Why ``writing`` exists: SQLite's "database is locked" at once, whatever the timeout.
    A report check's flush stages rows in a temporary table (the transaction begins), reads
    what the store knew, then writes."""
    path = tmp_path / "w.db"
    store = Store(databases.migrated_sqlite(path))
    other = _other_writer(path)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TEMP TABLE staged (x)")
        conn.exec_driver_sql("INSERT INTO temp.staged VALUES (1)")
        conn.exec_driver_sql("SELECT count(*) FROM workers").scalar()  # a snapshot
        other.execute("DELETE FROM workers")  # another worker commits in between
        try:
            conn.exec_driver_sql("DELETE FROM workers")
        except sa.exc.OperationalError as exc:
            assert "database is locked" in str(exc)
        else:
            raise AssertionError("SQLite let a stale snapshot write")
    other.close()


def test_writing_takes_the_write_lock_before_it_reads(tmp_path):
    path = tmp_path / "w.db"
    store = Store(databases.migrated_sqlite(path))
    other = _other_writer(path)
    with writing(store.engine) as conn:
        conn.exec_driver_sql("SELECT count(*) FROM workers").scalar()
        try:
            other.execute("DELETE FROM workers")  # waits (here: fails at once) for us
        except Exception as exc:
            assert "database is locked" in str(exc)
        else:
            raise AssertionError("another writer got in while we held the write lock")
        conn.exec_driver_sql(
            "INSERT INTO workers (id, kind, host, pid, started_at, beat_at) "
            "VALUES ('w', 'worker', 'h', 1, '2026-01-01', '2026-01-01')"
        )
    other.execute("DELETE FROM workers WHERE id = 'w'")  # committed, and the lock let go
    assert other.total_changes == 1
    other.close()


def test_writing_rolls_back_on_an_error(tmp_path):
    store = Store(databases.migrated_sqlite(tmp_path / "w.db"))
    try:
        with writing(store.engine) as conn:
            conn.exec_driver_sql(
                "INSERT INTO workers (id, kind, host, pid, started_at, beat_at) "
                "VALUES ('w', 'worker', 'h', 1, '2026-01-01', '2026-01-01')"
            )
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM workers").scalar() == 0
