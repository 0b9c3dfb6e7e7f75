"""Checks stored as they happen: statuses with times, nofound kept, what changed, failures."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from itnio_core.api.client import ItnioClient
from itnio_core.api.models import BatchItem
from itnio_core.common.errors import ItnioError
from itnio_core.reports import history as report_history
from itnio_core.reports import jobs as report_jobs
from itnio_core.reports import lists as report_lists
from itnio_core.reports import query as report_query
from itnio_core.reports import store as report_store
from itnio_core.reports.fetch import report_client
from itnio_core.reports.target import Target
from itnio_core.sandbox import RunningSandbox
from itnio_core.store.engine import Store
from itnio_core.store.schema import delivery_status, report_checks
from tests.reports.test_fetch import Clock, clocked_sandbox, send_campaign
from tests.waiting import joined


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sb(clock: Clock) -> Iterator[RunningSandbox]:
    with clocked_sandbox(clock) as running:
        yield running


def sent_ids(sb: RunningSandbox, numbers: list[str]) -> list[str]:
    result = ItnioClient(sb.client_settings()).send_batch([BatchItem(tuple(numbers), "Hi")])
    return [m.msg_id for m in result.messages]


def rows_by_id(store: Store) -> dict[str, dict]:
    with store.engine.connect() as conn:
        return {r["msg_id"]: dict(r) for r in conn.execute(sa.select(delivery_status)).mappings()}


def test_a_list_goes_from_sending_to_delivered_and_failed(store, sb, clock):
    ids = sent_ids(sb, ["447911123456", "447911123459", "919876543210"])
    list_id = report_lists.create_list(store, [*ids, "unknown-1", ids[0]], name="pasted")
    target = Target("list", list_id)
    client = report_client(sb.client_settings(), recorder=store)

    first = report_jobs.run_check(store, client, target)
    assert first.asked == 4  # the repeated id is asked about once
    assert first.counts == {
        "delivered": 0, "failed": 0, "sending": 3, "not_found": 1, "unchecked": 0, "total": 4,
    }  # fmt: skip
    seen = rows_by_id(store)
    assert seen["unknown-1"]["status"] is None  # nofound is kept, not dropped
    assert seen[ids[0]]["number"] == "447911123456" and seen[ids[0]]["calling_code"] == 44

    clock.advance(3.5)
    second = report_jobs.run_check(store, client, target)
    assert second.asked == 4  # sending and not-found are asked about again
    assert second.changed == 3
    assert (second.counts["delivered"], second.counts["failed"]) == (2, 1)
    after = rows_by_id(store)
    assert after[ids[1]]["status"] == 1 and after[ids[1]]["receive_time"].endswith("+08:00")
    assert after[ids[0]]["first_seen_at"] == seen[ids[0]]["first_seen_at"]
    assert after[ids[0]]["changed_at"] > seen[ids[0]]["changed_at"]
    assert after["unknown-1"]["checked_at"] > seen["unknown-1"]["checked_at"]

    third = report_jobs.run_check(store, client, target)
    assert third.asked == 1 and third.changed == 0  # final statuses are not asked again
    assert store.count_calls(["report"]) == 3  # every call recorded, like the app's


def test_history_gives_the_chart_and_what_changed(store, sb, clock):
    ids = sent_ids(sb, ["447911123456", "447911123459"])
    target = Target("list", report_lists.create_list(store, ids, name="x"))
    client = report_client(sb.client_settings())
    report_jobs.run_check(store, client, target)
    clock.advance(4)
    report_jobs.run_check(store, client, target)
    history = report_history.checks(store, target)
    assert [c.state for c in history] == ["done", "done"]
    series = report_query.over_time(history)
    assert list(series["sending"]) == [2, 0] and list(series["delivered"]) == [0, 1]
    assert report_query.changes(history) == {
        "delivered": 1, "failed": 1, "sending": -2, "not_found": 0, "unchecked": 0,
    }  # fmt: skip
    changed = report_query.Filters(changed_since=history[0].started_at.timestamp())
    assert report_query.count_rows(store, target, changed) == 2


def test_a_campaign_report_reads_its_msgids_from_the_store(store, sb, clock):
    cid = send_campaign(store, sb)
    target = Target("campaign", cid)
    client = report_client(sb.client_settings())
    assert report_query.counts(store, target)["sending"] == 3  # accepted: on its way
    clock.advance(4)
    outcome = report_jobs.run_check(store, client, target)
    assert (outcome.counts["delivered"], outcome.counts["failed"]) == (2, 1)
    assert {r["campaign_id"] for r in rows_by_id(store).values()} == {cid}
    table = report_query.country_table(store, target)
    assert dict(zip(table["calling_code"], table["total"], strict=True)) == {44: 2, 91: 1}
    page = report_query.rows(store, target, report_query.Filters(("failed",)))
    assert list(page["number"]) == ["447911123459"] and list(page["excel_row"]) == [3]
    search = report_query.Filters(search="+9198765")
    assert report_query.count_rows(store, target, search) == 1
    only_in = report_query.Filters(calling_code=91)
    assert list(report_query.rows(store, target, only_in)["number"]) == ["919876543210"]


def test_the_portable_write_path_stores_the_same(sb, clock, monkeypatch, new_database):
    outcomes = []
    for fast in (True, False):
        monkeypatch.setattr(report_store, "FAST_SQLITE_WRITES", fast)
        store = Store(new_database())
        ids = sent_ids(sb, ["447911123456", "447911123459"])
        target = Target("list", report_lists.create_list(store, [*ids, "nope"], name="x"))
        client = report_client(sb.client_settings())
        first = report_jobs.run_check(store, client, target)
        clock.advance(4)
        second = report_jobs.run_check(store, client, target)
        third = report_jobs.run_check(store, client, target)
        stored = [
            (r["status"], r["number"], r["calling_code"], r["receive_time"] != "")
            for r in sorted(rows_by_id(store).values(), key=lambda r: r["number"])
        ]
        outcomes.append((first.counts, second.counts, second.changed, third.asked, stored))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1]["delivered"] == 1 and outcomes[0][2] == 2 and outcomes[0][3] == 1


def test_a_failed_check_keeps_what_came_back_and_says_why(store, sb, tmp_path):
    ids = sent_ids(sb, ["447911123456"])
    target = Target("list", report_lists.create_list(store, ids, name="x"))
    wrong = sb.client_settings(api_secret="wrong")
    with pytest.raises(ItnioError) as raised:
        report_jobs.run_check(store, report_client(wrong), target)
    check = report_history.checks(store, target)[0]
    assert check.state == "failed" and check.error_en == raised.value.user_message
    assert check.counts["unchecked"] == 1


def test_background_checks_run_once_per_report(store, sb):
    ids = sent_ids(sb, ["447911123456"])
    target = Target("list", report_lists.create_list(store, ids, name="x"))
    first = report_jobs.request_check(store, target)
    assert report_jobs.request_check(store, target) == first  # a rerun or a second tab
    assert report_jobs.check_running(store, target)
    assert report_history.checks(store, target)[0].waiting
    claimed = report_jobs.claim_check(store)
    assert claimed is not None and claimed[:2] == (first, target)
    assert report_jobs.claim_check(store) is None  # a second worker finds nothing to take
    assert report_jobs.request_check(store, target) == first  # still the one under way
    report_jobs.run_claimed(store, report_client(sb.client_settings()), target, first)
    assert not report_jobs.check_running(store, target)
    assert report_history.checks(store, target)[0].state == "done"
    assert report_jobs.request_check(store, target) != first


def test_many_workers_claim_each_asked_check_once(store):
    targets = [Target("list", report_lists.create_list(store, [f"m{i}"], name="x")) for i in
               range(20)]  # fmt: skip
    asked = {report_jobs.request_check(store, t) for t in targets}
    taken: list[int] = []

    def claim_all() -> None:
        while (claimed := report_jobs.claim_check(store)) is not None:
            taken.append(claimed[0])

    threads = [threading.Thread(target=claim_all) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        joined(t, "a claiming worker")
    assert sorted(taken) == sorted(asked)


def test_a_check_cut_off_by_a_restart_is_marked_interrupted(store):
    target = Target("list", report_lists.create_list(store, ["a"], name="x"))
    check_id = report_history.open_check(store, target)
    old = datetime.now(UTC) - timedelta(minutes=5)
    with store.engine.begin() as conn:
        conn.execute(
            report_checks.update().where(report_checks.c.id == check_id).values(heartbeat_at=old)
        )
    check = report_history.checks(store, target)[0]
    assert check.state == "failed" and "interrupted" in (check.error_en or "")


def test_the_same_ids_make_the_same_list(store):
    first = report_lists.create_list(store, ["a", "b", "a"], name="one")
    assert report_lists.create_list(store, ["a", "b"], name="two") == first
    assert report_lists.get_list(store, first).msg_count == 2  # type: ignore[union-attr]
    assert report_lists.create_list(store, ["b", "a"], name="three") != first


def test_calls_made_by_a_check_are_recorded_like_any_other(store, sb, new_database):
    """The check writes its calls itself (in its own transaction): the rows are the same."""
    from itnio_core.api.calls import CallRecord
    from itnio_core.reports.jobs import BufferedRecorder

    record = CallRecord(
        "report", "GET", "/sms/getReport", {"msgIds": 2}, user="ana", status=0, reason="ok",
        ids=["1", "2"], duration_ms=3.5, http_status=200,
    )  # fmt: skip
    other = Store(new_database())
    other.record_call(record)
    buffered = BufferedRecorder(store)
    buffered.record_call(record)
    with store.engine.begin() as conn:
        buffered.write(conn)
    mine, theirs = store.recent_calls()[0], other.recent_calls()[0]
    assert {**mine.__dict__, "id": 0} == {**theirs.__dict__, "id": 0}

    ids = sent_ids(sb, ["447911123456"])
    target = Target("list", report_lists.create_list(store, ids, name="x"))
    client = report_client(sb.client_settings(), recorder=store, user="ana")
    report_jobs.run_check(store, client, target)
    assert store.recent_calls(1)[0].endpoint == "report"
    assert client.recorder is store  # given back after the check


# Successive checks, each a batch of calls: (asked, the answer's items) per call.
T1, T2, T3 = "2024-05-01T10:00:00+08:00", "2024-05-01T10:05:00+08:00", "2024-05-01T10:09:00"
CHECKS: list[list[tuple[list[str], list[dict]]]] = [
    [
        (
            ["a", "b", "c", "d"],
            [
                {"msgId": "a", "number": "447911123456", "receiveTime": "", "status": "-1"},
                {"msgId": "b", "number": "919876543210", "receiveTime": T1, "status": "0"},
                {"msgId": "x", "number": "1", "receiveTime": T1, "status": "0"},  # not asked
                {"msgId": "c", "number": "", "receiveTime": T1, "status": "1"},  # hint's number
                {"msgId": "c", "number": "", "receiveTime": "", "status": "-1"},  # 1 stays
            ],
        ),
        (["e", "f"], [{"msgId": "e"}, {"msgId": "f", "status": 0, "number": 8613812345678}]),
    ],
    [
        (
            ["a", "b", "d", "e"],
            [
                {"msgId": "a", "number": "", "receiveTime": T2, "status": 0},  # changed
                {"msgId": "b", "number": "919876543210", "receiveTime": T2, "status": "0"},
                {"msgId": "d", "number": "", "receiveTime": "", "status": " -1 "},  # was nofound
                {"msgId": "d", "number": "", "receiveTime": T2, "status": "1"},  # later, final
                {"msgId": "e", "number": "12025550123", "receiveTime": T2, "status": "abc"},
            ],
        ),
        (  # the usual answer: every msgId in the order asked
            ["h", "i"],
            [
                {"msgId": "h", "number": "447911123000", "receiveTime": T2, "status": "0"},
                {"msgId": "i", "number": "", "receiveTime": "", "status": -1},
            ],
        ),
        (  # another order, one not found
            ["j", "k", "l"],
            [
                {"msgId": "l", "number": "919876543210", "receiveTime": T2, "status": "1"},
                {"msgId": "j", "number": "919876543211", "receiveTime": T2, "status": "0"},
            ],
        ),
    ],
    [
        (["a", "b"], [{"msgId": "b", "number": "919876543210", "receiveTime": T2, "status": "0"}]),
        (
            ["d", "e", "g"],
            [
                {"msgId": "d", "number": "447911123459", "receiveTime": T3, "status": 1.0},
                {"msgId": "e", "number": "", "receiveTime": T3, "status": True},
                {"msgId": "g", "number": "", "receiveTime": T3, "status": 2},
                {"msgId": "b", "number": "", "receiveTime": T3, "status": "1"},  # asked elsewhere
            ],
        ),
    ],
]
HINTS = {
    "a": "447911123000",
    "c": "447911123459",
    "d": "447911123458",
    "g": "8613800000000",
    "i": "447911123001",
    "k": "447911123002",
}


def stored_after_each_check(new_database, in_sql: bool) -> list[tuple[int, list[tuple]]]:
    from itnio_core.reports import answers as report_answers
    from itnio_core.reports.fetch import answer_columns
    from itnio_core.reports.store import Asking

    store = Store(new_database())
    seen = []
    for n, calls in enumerate(CHECKS):
        at = 1000.0 + n
        answers = [
            answer_columns(i, asked, {"array": items}) for i, (asked, items) in enumerate(calls)
        ]
        with store.engine.begin() as conn:
            if in_sql:
                changed = report_answers.store_answers(conn, answers, HINTS, 7, at)
            else:
                known = {
                    r["msg_id"]: (r["status"], r["receive_time"])
                    for r in rows_by_id(store).values()
                }
                asking = Asking(known=known, hints=HINTS)
                pages = [a.page() for a in answers]
                changed = report_store.record_pages(conn, pages, asking, 7, at)
        table = sorted(tuple(r.values()) for r in rows_by_id(store).values())
        seen.append((changed, table))
    return seen


@pytest.mark.dialects("sqlite")  # the in-SQL path is SQLite's own; others take record_pages
def test_statuses_stored_in_sql_follow_the_portable_rules(new_database, monkeypatch):
    """Every rule of record_pages, step by step: the same rows, times and change counts."""
    monkeypatch.setattr(report_store, "FAST_SQLITE_WRITES", False)
    portable = stored_after_each_check(new_database, in_sql=False)
    in_sql = stored_after_each_check(new_database, in_sql=True)
    assert in_sql == portable
    assert [changed for changed, _ in in_sql] == [0, 2, 0]  # a and d; new rows are no change
    first = {r[0]: r for r in in_sql[0][1]}
    last = {r[0]: r for r in in_sql[-1][1]}
    assert "x" not in last and first["c"][4] == 1  # not asked: ignored; final beats sending
    assert first["c"][2:4] == ("447911123459", 44)  # no number in the answer: the one we sent to
    assert first["d"][4] is None and last["d"][4] == 1  # not found yet, then failed
    assert last["a"][4:9] == (0, T2, 1000.0, 1002.0, 1001.0)  # not found later: keeps delivered
    assert last["b"][4:9] == (0, T2, 1000.0, 1002.0, 1000.0)  # an item for another call: ignored
    assert (first["e"][4], last["e"][4], last["g"][4]) == (-1, -1, 2)  # garbage is still sending
    assert [last[m][2:5] for m in "ijkl"] == [
        ("447911123001", 44, -1), ("919876543211", 91, 0), ("447911123002", 44, None),
        ("919876543210", 91, 1),
    ]  # fmt: skip


def test_a_status_a_receipt_pushed_is_kept_when_an_answer_asked_before_it_arrives_later(store):
    """getReport's "still sending", asked before the receipt came, never undoes the receipt."""
    from itnio_core import receipts
    from itnio_core.reports import answers as report_answers
    from itnio_core.reports.fetch import answer_columns
    from itnio_core.reports.store import Asking

    msg_id = "2108021059531000096"
    receipt = receipts.Receipt("sandSMS1", msg_id, 0, 1629801177192, number="919876543210")
    with store.engine.begin() as conn:
        receipts.store_receipts(conn, [receipt])
    late = {"array": [{"msgId": msg_id, "number": "919876543210", "status": -1,
                       "receiveTime": ""}]}  # fmt: skip
    answer = answer_columns(0, [msg_id], late)
    with store.engine.begin() as conn:
        if report_answers.usable(conn):
            report_answers.store_answers(conn, [answer], {}, None)
        asking = Asking(known={msg_id: (0, "2021-08-24T18:32:57+08:00")})
        report_store.record_pages(conn, [answer.page()], asking, None)
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(delivery_status)).one()
    assert (row.status, row.receipt_ms, row.receive_time) == (
        0, 1629801177192, "2021-08-24T18:32:57+08:00",
    )  # fmt: skip
