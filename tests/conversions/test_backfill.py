"""Conversion postbacks: one at a time, and in bulk with duplicates and bad rows."""

from __future__ import annotations

import io
import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from itnio_core.api.client import ItnioClient
from itnio_core.api.models import BatchItem
from itnio_core.bulk import jobs as otp_jobs
from itnio_core.bulk import results as otp_job_results
from itnio_core.bulk import sheets as otp_sheets
from itnio_core.bulk import worker as otp_job_worker
from itnio_core.common import utc_now
from itnio_core.common.errors import InvalidInputError, TransportError
from itnio_core.conversions import backfill as conversions
from itnio_core.otp import send as otp
from itnio_core.otp import store as otp_store
from itnio_core.sandbox import SandboxConfig, start_sandbox
from itnio_core.sheets.read import read_table
from tests.waiting import joined

NOW = datetime(2024, 5, 2, tzinfo=UTC)
MOMENT_MS = 1714572192000  # 2024-05-01 14:03:12 UTC


@pytest.fixture
def sandbox():
    with start_sandbox(SandboxConfig(delivery_delay=0.0)) as sb:
        yield sb


@pytest.fixture
def client(sandbox, store):
    return ItnioClient(sandbox.client_settings(), recorder=store, sleep=lambda _s: None)


def sent(client, *numbers: str) -> list[str]:
    result = client.send_batch([BatchItem(tuple(numbers), "Your code is ready")])
    return [m.msg_id for m in result.messages]


def workbook(rows, header=("msgid", "number", "time")) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Conversions"
    ws.append(["Exported from the shop"])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ one at a time
def test_report_once_then_never_again(store, client, sandbox):
    [msgid] = sent(client, "919876543210")
    first = conversions.report_once(
        store, client, msgid, "919876543210", MOMENT_MS, user="mo", source="single"
    )
    assert first.fresh and first.conversion.state == conversions.REPORTED
    assert sandbox.simulator.conversions() == {msgid: MOMENT_MS / 1000}
    again = conversions.report_once(
        store, client, msgid, "919876543210", MOMENT_MS + 5, user="mo", source="single"
    )
    assert not again.fresh and again.conversion.time_ms == MOMENT_MS
    kind, sentence = conversions.describe(again)
    assert kind == "info" and "already reported" in sentence
    assert [c.endpoint for c in store.recent_calls()].count("backfill") == 1


def test_a_refused_report_says_why_and_may_be_tried_again(store, client):
    [msgid] = sent(client, "919876543210")
    wrong = conversions.report_once(
        store, client, msgid, "919876543211", MOMENT_MS, user=None, source="single"
    )
    assert wrong.conversion.state == conversions.FAILED and wrong.conversion.status_code == -22
    assert conversions.describe(wrong)[0] == "error"
    right = conversions.report_once(
        store, client, msgid, "919876543210", MOMENT_MS, user=None, source="single"
    )
    assert right.fresh and right.conversion.state == conversions.REPORTED


def test_an_unanswered_report_is_unknown_and_not_repeated(store):
    class Silent:
        calls = 0

        def backfill_conversion(self, *args):
            Silent.calls += 1
            raise TransportError("No answer.", may_have_reached_server=True)

    one = conversions.report_once(store, Silent(), "m1", "919876543210", 1, user=None, source="x")  # type: ignore[arg-type]
    two = conversions.report_once(store, Silent(), "m1", "919876543210", 1, user=None, source="x")  # type: ignore[arg-type]
    assert one.conversion.state == conversions.UNKNOWN and not two.fresh and Silent.calls == 1
    assert conversions.describe(two)[0] == "warning"


def test_an_otp_verification_becomes_verified_after_a_backfill(store, client):
    request = otp.check_request(
        to="919876543210", country=None, channel="sms", template_id=1, code="4321",
        flow_id=None, order_id="conv-otp-1",
    )  # fmt: skip
    send = otp.send_once(store, client, request, user=None).send
    assert client.get_otp_record("conv-otp-1").verification.matched == -1
    conversions.report_once(
        store, client, str(send.verification_id), send.number, MOMENT_MS, user=None,
        source="otp",
    )  # fmt: skip
    rec = client.get_otp_record("conv-otp-1")
    assert rec.verification.matched == 0 and rec.verification.verified_date
    assert otp_store.reported_ids(store, [str(send.verification_id)]) == {send.verification_id}


def test_single_report_checks():
    assert conversions.check_msgid(" 2108021059531000096 ") == "2108021059531000096"
    assert conversions.check_number("+86 137 1265 9204") == "8613712659204"
    for bad in ("", "has space", "x" * 65):
        with pytest.raises(InvalidInputError):
            conversions.check_msgid(bad)
    with pytest.raises(InvalidInputError) as info:
        conversions.check_number("12")
    assert info.value.field == "number"


# ------------------------------------------------------------------ spreadsheets
def test_columns_are_found_by_header_in_english_and_chinese():
    table = read_table(workbook([["m1", "919876543210", MOMENT_MS]]), "c.xlsx")
    assert otp_sheets.detect_backfill_columns(table) == ("msgid", "number", "time")
    chinese = read_table(
        workbook([["2024-05-01 10:00", "m1", "919876543210"]], ("回填时间", "消息ID", "手机号码")),
        "c.xlsx",
    )
    assert otp_sheets.detect_backfill_columns(chinese) == ("消息ID", "手机号码", "回填时间")
    other = read_table(
        workbook([["919876543210", "m1", "2024-05-01 10:00"]], ("Mobile", "Message ID", "Used")),
        "c.xlsx",
    )
    assert otp_sheets.detect_backfill_columns(other) == ("Message ID", "Mobile", "Used")


def check(store, data: bytes, tz=UTC, country=None):
    table = read_table(data, "c.xlsx")
    return table, otp_sheets.check_backfill_rows(
        table, store, msgid_column="msgid", number_column="number", time_column="time",
        default_tz=tz, country=country, now=NOW,
    )  # fmt: skip


def test_every_row_gets_a_verdict_with_its_excel_row(store):
    conversions._claim(store, "old-1", "919876543210", 1, None, "single")
    conversions._finish(store, 1, state=conversions.REPORTED, reported_at=NOW)
    data = workbook(
        [
            ["m1", "919876543210", datetime(2024, 5, 1, 14, 3, 12)],  # row 3: Excel date
            ["m2", "+91 98765 43211", 45413.5],  # row 4: Excel serial
            ["m3", "919876543212", "2024-05-01T22:03:12+08:00"],  # row 5: ISO with zone
            ["m4", "919876543213", "1714572192"],  # row 6: epoch seconds
            ["m1", "919876543210", MOMENT_MS],  # row 7: duplicate of row 3
            ["", "919876543214", MOMENT_MS],  # row 8: no msgid
            ["m6", "12", MOMENT_MS],  # row 9: bad number
            ["m7", "919876543216", "01/05/2024"],  # row 10: ambiguous date
            ["m8", "919876543217", "2031-01-01"],  # row 11: in the future
            ["old-1", "919876543210", MOMENT_MS],  # row 12: reported before
            ["m9", "bad", "never"],  # row 13: two problems
            ["m9", "919876543219", MOMENT_MS],  # row 14: m9 again, now usable: reported
        ]
    )
    _, rows = check(store, data)
    by_row = {r["excel_row"]: r for r in rows.to_dict("records")}
    assert [by_row[r]["verdict"] for r in range(3, 15)] == [
        "ok", "ok", "ok", "ok", "duplicate", "invalid", "invalid", "invalid", "invalid",
        "already", "invalid", "ok",
    ]  # fmt: skip
    assert {by_row[r]["time_ms"] for r in (3, 5, 6)} == {MOMENT_MS}
    assert by_row[4]["time_ms"] == MOMENT_MS - (2 * 3600 + 3 * 60 + 12) * 1000  # 12:00 UTC
    assert by_row[4]["number"] == "919876543211"
    assert "row 3" in by_row[7]["problem"]
    assert "msgid is empty" in by_row[8]["problem"]
    assert by_row[9]["problem"].startswith("Number:")
    assert "either way round" in by_row[10]["problem"]
    assert "future" in by_row[11]["problem"]
    assert "Already reported" in by_row[12]["problem"]
    assert "Number:" in by_row[13]["problem"] and "Time:" in by_row[13]["problem"]
    assert otp_sheets.counts(rows) == {"ok": 5, "invalid": 5, "duplicate": 1, "already": 1}
    problems = otp_sheets.problem_table(rows)
    assert list(problems["Row"]) == [7, 8, 9, 10, 11, 12, 13]


def test_times_without_a_zone_are_the_persons(store):
    data = workbook([["m1", "919876543210", "2024-05-01 19:33:12"]])
    _, rows = check(store, data, tz=ZoneInfo("Asia/Kolkata"))
    assert rows["time_ms"].iloc[0] == MOMENT_MS


def test_bulk_backfill_reports_each_msgid_once_and_hands_back_the_workbook(store, client, sandbox):
    ids = sent(client, "919876543210", "919876543211", "919876543212")
    data = workbook(
        [
            [ids[0], "919876543210", MOMENT_MS],
            [ids[1], "919876543211", "2024-05-01 14:03:12"],
            [ids[0], "919876543210", MOMENT_MS],  # duplicate
            ["unknown-id", "919876543212", MOMENT_MS],  # the platform refuses: -22
            [ids[2], "not a number", MOMENT_MS],  # bad row
        ]
    )
    table, rows = check(store, data)
    job_id = otp_jobs.create(
        store, otp_jobs.BACKFILL, rows, user="mo", source_name="c.xlsx", source_data=data,
        source_sheet=table.sheet, header_row=table.header_row,
    )  # fmt: skip
    otp_job_worker.work(store, client, job_id)
    p = otp_jobs.progress(store, job_id)
    assert (p.done, p.failed, p.skipped, p.unknown, p.pending) == (2, 1, 2, 0, 0)
    assert otp_jobs.get(store, job_id).state == otp_jobs.DONE  # type: ignore[union-attr]
    assert set(sandbox.simulator.conversions()) == {ids[0], ids[1]}

    wb = openpyxl.load_workbook(io.BytesIO(otp_job_results.backfill_workbook(store, job_id)))
    assert wb.sheetnames == ["Conversions", "ITNIO summary"]
    ws = wb["Conversions"]
    assert ws["A1"].value == "Exported from the shop"  # the person's own sheet, kept
    assert [c.value for c in ws[2]][3:] == otp_job_results.BACKFILL_COLUMNS
    results = {r: [c.value for c in ws[r]][3:] for r in range(3, 8)}
    assert results[3][:2] == ["Reported", "919876543210"]
    assert results[3][3] == str(MOMENT_MS) and results[3][2] == "2024-05-01 14:03:12"
    assert results[4][0] == "Reported"
    assert results[5][0] == "Not reported" and "row 3" in results[5][4]
    assert results[6][0] == "Failed" and "do not match" in results[6][4]
    assert results[7][0] == "Not reported" and results[7][4].startswith("Number:")

    # the same file again: everything already reported is refused before sending
    _, again = check(store, data)
    assert otp_sheets.counts(again)["already"] == 3 and otp_sheets.counts(again)["ok"] == 1
    second = otp_jobs.create(store, otp_jobs.BACKFILL, again, user="mo")
    otp_job_worker.work(store, client, second)
    assert len(sandbox.simulator.conversions()) == 2  # only the refused row was tried again
    assert [c.endpoint for c in store.recent_calls()].count("backfill") == 4


def test_an_interrupted_backfill_never_reports_the_row_in_the_air_again(store, client):
    [msgid] = sent(client, "919876543210")
    _, rows = check(store, workbook([[msgid, "919876543210", MOMENT_MS]]))
    job_id = otp_jobs.create(store, otp_jobs.BACKFILL, rows, user=None)
    assert otp_job_worker._claim_next(store, job_id) == 0  # claimed, then the console stopped
    later = utc_now() + otp_job_worker.LEASE + timedelta(seconds=1)  # a restart, later
    assert otp_job_worker.recover_stale(store, now=later) == 1
    otp_job_worker.work(store, client, job_id)
    p = otp_jobs.progress(store, job_id)
    assert (p.unknown, p.done) == (1, 0)
    assert not [c for c in store.recent_calls() if c.endpoint == "backfill"]


def test_two_workers_on_one_job_report_each_row_once(store, client, sandbox):
    ids = sent(client, "919876543210", "919876543211", "919876543212")
    data = [[m, n, MOMENT_MS] for m, n in zip(ids, ("919876543210", "919876543211",
                                                   "919876543212"), strict=True)]  # fmt: skip
    _, rows = check(store, workbook(data))
    job_id = otp_jobs.create(store, otp_jobs.BACKFILL, rows, user=None)

    def client_for(_user):
        return client

    # Two workers (two processes, or two threads of one) take rows with a conditional update.
    workers = [
        threading.Thread(target=otp_job_worker.work_job, args=(store, client_for, job_id))
        for _ in range(2)
    ]
    for w in workers:
        w.start()
    for w in workers:
        joined(w, "a worker")
    assert otp_jobs.progress(store, job_id).done == 3
    assert sorted(sandbox.simulator.conversions()) == sorted(ids)
    assert otp_job_worker.jobs_with_work(store) == []
