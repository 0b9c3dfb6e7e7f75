import pytest
import sqlalchemy as sa

from itnio_core.api.calls import CallRecord
from itnio_core.store import migrate
from itnio_core.store.engine import Store, make_engine


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
