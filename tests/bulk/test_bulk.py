"""Bulk OTP lookups from a spreadsheet, the result workbook, and the funnel."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import openpyxl

from itnio_core.api.models import SmsAttempt
from itnio_core.bulk import jobs as otp_jobs
from itnio_core.bulk import results as otp_job_results
from itnio_core.bulk import sheets as otp_sheets
from itnio_core.bulk import worker as otp_job_worker
from itnio_core.common import utc_now
from itnio_core.conversions import backfill as conversions
from itnio_core.otp import funnel as otp_funnel
from itnio_core.otp import records as otp_records
from itnio_core.otp import send as otp
from itnio_core.otp import store as otp_store
from itnio_core.sheets.read import read_table

ZONE = otp_records.Zone(UTC, "UTC")
SMS_STUB = SmsAttempt("", "", "", None, None, "", None, "", None, "")


def send(store, client, to, channel, order_id):
    request = otp.check_request(
        to=to, country=None, channel=channel, template_id=1, code="1234", flow_id=None,
        order_id=order_id,
    )  # fmt: skip
    return otp.send_once(store, client, request, user="ops").send


def orders_workbook(values) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tickets"
    ws.append(["Ticket", "Order ID"])
    for i, value in enumerate(values, 1):
        ws.append([f"T{i}", value])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_order_column_found_and_rows_checked():
    table = read_table(orders_workbook(["a-1", "a-2", "a-1", None, "has space"]), "t.xlsx")
    assert otp_sheets.detect_order_column(table) == "Order ID"
    rows = otp_sheets.check_lookup_rows(table, "Order ID")
    assert list(rows["verdict"]) == ["ok", "ok", "duplicate", "invalid", "invalid"]
    assert list(rows["excel_row"]) == [2, 3, 4, 5, 6]
    assert "row 2" in rows["problem"][2]


def test_bulk_lookup_fills_the_workbook_with_every_field(store, client, clock):
    send(store, client, "919876543210", "sms", "b-sms")
    send(store, client, "919876543211", "call", "b-call")
    send(store, client, "919876543219", "sna", "b-sna")  # ends in 9: fails in the sandbox
    clock.now += 6  # past the delivery delay
    data = orders_workbook(["b-sms", "b-call", "b-sna", "b-sms", "never-sent", ""])
    table = read_table(data, "tickets.xlsx")
    rows = otp_sheets.check_lookup_rows(table, "Order ID")
    job_id = otp_jobs.create(
        store, otp_jobs.LOOKUP, rows, user="ops", source_name="tickets.xlsx",
        source_data=data, source_sheet=table.sheet, header_row=table.header_row,
    )  # fmt: skip
    otp_job_worker.work(store, client, job_id)
    p = otp_jobs.progress(store, job_id)
    assert (p.done, p.skipped, p.failed, p.fraction) == (4, 2, 0, 1.0)

    wb = openpyxl.load_workbook(io.BytesIO(otp_job_results.lookup_workbook(store, job_id, ZONE)))
    assert wb.sheetnames == ["Tickets", "SMS attempts", "Calls", "SNA checks", "ITNIO summary"]
    ws = wb["Tickets"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["Ticket", "Order ID"] and header[2:] == otp_job_results.LOOKUP_COLUMNS
    rows_by = {r: [c.value for c in ws[r]][2:] for r in range(2, 8)}
    line = {"b-sms": rows_by[2], "b-call": rows_by[3], "b-sna": rows_by[4]}
    col = otp_job_results.LOOKUP_COLUMNS.index
    assert line["b-sms"][col("Result")] == "Not checked yet"
    assert line["b-sms"][col("Delivered")] == "Yes"
    assert line["b-sms"][col("SMS attempts")] == 1
    assert line["b-call"][col("Channel")] == "call" and line["b-call"][col("Calls")] == 1
    assert line["b-sna"][col("Result")] == "Failed"
    assert line["b-sna"][col("Delivered")] == "No"
    assert ws.cell(6, 3).value == "Done" and "Unknown id" in str(ws.cell(6, 4).value)
    assert ws.cell(5, 3).value == "Skipped" and "row 2" in str(ws.cell(5, 14).value)
    sms = wb["SMS attempts"]
    labels = [label for label, _ in otp_records.sms_fields(SMS_STUB, ZONE)]
    assert [c.value for c in sms[1]] == ["Row", "orderId", "Attempt", *labels]
    assert sms.cell(2, 2).value == "b-sms" and "(UTC)" in str(sms.cell(2, 6).value)
    calls = wb["Calls"]
    assert len([c.value for c in calls[1]]) == 3 + 14  # every documented call field
    assert wb["SNA checks"].cell(2, 2).value == "b-sna"

    # the lookups also refreshed the history, which the funnel reads
    overall, by_day, by_country = otp_funnel.funnel(store, UTC)
    assert list(overall["Count"]) == [3, 2, 0, 0]
    assert list(by_country["Country code"]) == ["+91"] and by_day["Sent"].iloc[0] == 3


def test_a_lookup_interrupted_by_a_restart_is_simply_looked_up_again(store, client):
    send(store, client, "919876543210", "sms", "r-1")
    table = read_table(orders_workbook(["r-1"]), "t.xlsx")
    job_id = otp_jobs.create(
        store, otp_jobs.LOOKUP, otp_sheets.check_lookup_rows(table, "Order ID"), user=None
    )
    assert otp_job_worker._claim_next(store, job_id) == 0  # in the air when the console stopped
    later = utc_now() + otp_job_worker.LEASE + timedelta(seconds=1)  # a restart, later
    assert otp_job_worker.recover_stale(store, now=later) == 1
    assert otp_jobs.progress(store, job_id).pending == 1
    otp_job_worker.work(store, client, job_id)
    assert otp_jobs.progress(store, job_id).done == 1


def test_funnel_counts_and_rates_by_day_and_country(store, client, clock):
    a = send(store, client, "919876543210", "sms", "f-1")
    send(store, client, "919876543212", "sms", "f-2")
    send(store, client, "447911123456", "call", "f-3")
    send(store, client, "447911123459", "sms", "f-4")  # fails
    clock.now += 6
    conversions.report_once(
        store, client, str(a.verification_id), a.number, int(clock.now * 1000), user=None,
        source="otp",
    )  # fmt: skip
    for order in ("f-1", "f-2", "f-3", "f-4"):
        rec = client.get_otp_record(order)
        otp_store.record_lookup(
            store, order, rec.verification.matched, otp_records.delivered(rec),
            rec.verification.verified_date,
        )  # fmt: skip
    overall, by_day, by_country = otp_funnel.funnel(store, UTC)
    assert overall.to_dict("list") == {
        "Stage": ["Sent", "Delivered", "Verified", "Reported"],
        "Count": [4, 3, 1, 1],
        "Rate %": [100.0, 75.0, 25.0, 25.0],
    }
    countries = by_country.set_index("Country code")
    assert countries.loc["+91", "Verified %"] == 50.0
    assert countries.loc["+44", "Delivered %"] == 50.0
    assert len(by_day) == 1
    later = datetime.now(UTC) + timedelta(days=1)
    assert otp_funnel.funnel(store, UTC, since=later)[0]["Count"].sum() == 0
