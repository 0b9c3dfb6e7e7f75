"""Report spreadsheets, opened the way a manager would: cells, types, sheets, safety."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import xlsxwriter

from itnio_core.api.client import ItnioClient
from itnio_core.api.models import BatchItem
from itnio_core.reports import files as report_files
from itnio_core.reports import jobs as report_jobs
from itnio_core.reports import lists as report_lists
from itnio_core.reports.fetch import report_client
from itnio_core.reports.files import FileOptions
from itnio_core.reports.target import Target
from itnio_core.sandbox import RunningSandbox
from itnio_core.sheets import stream as report_sheet
from itnio_core.sheets.stream import Column
from tests.reports.test_fetch import Clock, clocked_sandbox, send_campaign
from tests.waiting import wait_until

RISKY = ["=HYPERLINK(1)", "+cmd", "-2+3", "@SUM(1)"]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sb(clock: Clock) -> Iterator[RunningSandbox]:
    with clocked_sandbox(clock) as running:
        yield running


@pytest.fixture
def checked_list(store, sb, clock) -> Target:
    """Two delivered, one failed, one still sending, and user text that looks like formulas."""
    client = ItnioClient(sb.client_settings())
    early = client.send_batch([BatchItem(("447911123456", "447911123459", "919876543210"), "Hi")])
    clock.advance(4)
    late = client.send_batch([BatchItem(("447911123450",), "Hi")])
    ids = [m.msg_id for m in [*early.messages, *late.messages]]
    target = Target("list", report_lists.create_list(store, [*ids, *RISKY], name="risky"))
    report_jobs.run_check(store, report_client(sb.client_settings()), target)
    return target


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_workbook_has_a_summary_every_message_and_a_sheet_per_status(store, checked_list):
    wb = workbook(report_files.xlsx_bytes(store, checked_list))
    assert wb.sheetnames == [
        "Summary", "All messages", "Delivered", "Failed", "Still sending", "Not found yet",
    ]  # fmt: skip
    detail = wb["All messages"]
    header = [c.value for c in detail[1]]
    assert header == [
        "Message ID", "Phone number", "Country code", "Country", "Status",
        "Delivered or failed at (UTC)",
    ]  # fmt: skip
    rows = [[c for c in r] for r in detail.iter_rows(min_row=2)]
    assert len(rows) == 8
    msg_id, number, code, country, status, received = rows[0]
    assert msg_id.data_type == "s" and len(msg_id.value) == 19  # text, never 2.5E+18
    assert number.data_type == "s" and number.value == "447911123456"
    assert code.value == 44 and country.value == "United Kingdom (+44)"
    assert status.value == "Delivered"
    assert isinstance(received.value, datetime) and received.number_format == "yyyy-mm-dd hh:mm:ss"
    assert [r[4].value for r in rows] == ["Delivered", "Failed", "Delivered", "Still sending"] + [
        "Not found yet"
    ] * 4
    assert rows[3][5].value is None  # still sending: no time yet
    assert [c.value for c in wb["Failed"]["B"]] == ["Phone number", "447911123459"]
    assert wb["Delivered"].max_row == 3


def test_user_text_that_looks_like_a_formula_stays_text(store, checked_list):
    wb = workbook(report_files.xlsx_bytes(store, checked_list))
    cells = [r[0] for r in wb["All messages"].iter_rows(min_row=6)]
    assert [c.value for c in cells] == RISKY
    assert all(c.data_type == "s" for c in cells)
    text = report_files.csv_bytes(store, checked_list).decode("utf-8-sig")
    ids = [row[0] for row in csv.reader(io.StringIO(text))][5:]
    assert ids == ["'" + r for r in RISKY]


def test_the_summary_has_the_counts_the_chart_numbers_and_charts(store, sb, clock, checked_list):
    clock.advance(4)
    report_jobs.run_check(store, report_client(sb.client_settings()), checked_list)
    data = report_files.xlsx_bytes(store, checked_list)
    ws = workbook(data)["Summary"]
    values: dict[str, list] = {}
    for r in ws.iter_rows():
        if r[0].value:  # the first row with each label: the status block comes first
            values.setdefault(r[0].value, [c.value for c in r[1:4]])
    assert values["Messages"][0] == 8
    assert values["Delivered"][:2] == [3, 0.375]
    assert values["Failed"][:2] == [1, 0.125]
    assert values["Not found yet"][:2] == [4, 0.5]
    assert values["United Kingdom (+44)"] == [2, 1, 0]  # delivered, failed, still sending
    assert values["Unknown"] == [0, 0, 0]
    assert any("reached the phone" in str(c.value) for r in ws.iter_rows() for c in r)
    times = [r[0].value for r in ws.iter_rows() if isinstance(r[0].value, datetime)]
    assert len(times) == 2  # one row per check: the "over time" chart's numbers
    with __import__("zipfile").ZipFile(io.BytesIO(data)) as z:
        assert sum(n.startswith("xl/charts/chart") for n in z.namelist()) == 3


def test_chinese_words_and_the_persons_time_zone(store, checked_list):
    opts = FileOptions("zh", ZoneInfo("Asia/Kolkata"), "Asia/Kolkata")
    wb = workbook(report_files.xlsx_bytes(store, checked_list, opts))
    assert wb.sheetnames[:2] == ["汇总", "全部短信"]
    detail = wb["全部短信"]
    assert detail["E1"].value == "状态" and detail["F1"].value == "送达或失败时间 (Asia/Kolkata)"
    assert detail["E2"].value == "已送达" and detail["D2"].value == "英国 (+44)"
    utc = workbook(report_files.xlsx_bytes(store, checked_list))["All messages"]["F2"].value
    assert (detail["F2"].value - utc).total_seconds() == 5.5 * 3600
    text = report_files.csv_bytes(store, checked_list, opts)
    assert text.startswith(b"\xef\xbb\xbf")  # so Excel reads the Chinese correctly
    assert "已送达" in text.decode("utf-8-sig")


def test_a_campaign_report_keeps_the_sheet_row_and_csv_matches(store, sb, clock):
    cid = send_campaign(store, sb)
    clock.advance(4)
    target = Target("campaign", cid)
    report_jobs.run_check(store, report_client(sb.client_settings()), target)
    detail = workbook(report_files.xlsx_bytes(store, target))["All messages"]
    assert [c.value for c in detail[1]][:2] == ["Row in your sheet", "Message ID"]
    assert [c.value for c in detail["A"]][1:] == [2, 3, 4]
    rows = list(csv.reader(io.StringIO(report_files.csv_bytes(store, target).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Row in your sheet", "Message ID", "Phone number"]
    assert [r[0] for r in rows[1:]] == ["2", "3", "4"] and rows[2][5] == "Failed"


def test_big_reports_get_no_per_status_sheets_and_continue_past_the_row_limit(
    store, checked_list, monkeypatch
):
    monkeypatch.setattr(report_files, "PER_STATUS_LIMIT", 3)
    monkeypatch.setattr(report_files, "SHEET_ROWS", 5)
    wb = workbook(report_files.xlsx_bytes(store, checked_list))
    assert wb.sheetnames == ["Summary", "All messages", "All messages (2)"]
    assert wb["All messages"].max_row == 6 and wb["All messages (2)"].max_row == 4


def test_the_block_writer_matches_xlsxwriters_own_cells(tmp_path):
    values = ["plain", " spaced ", "a&b<c>", "bell\x07", "_x0041_", "=1+1", "", None, "中文"]
    numbers = [1.5, float("nan"), 3, 4, 5, 6, 7, 8, 9]
    books = []
    for fast in (True, False):
        path = tmp_path / f"{fast}.xlsx"
        wb = xlsxwriter.Workbook(path, {"constant_memory": True})
        ws = wb.add_worksheet("S")
        ws.write_string(0, 0, "Heading")
        date = wb.add_format({"num_format": "yyyy-mm-dd"})
        columns = [Column("text", values), Column("number", numbers), Column("date", numbers)]
        assert report_sheet.append(ws, 1, columns, date, fast=fast) == 10
        ws.write_string(10, 0, "after")
        wb.close()
        books.append(
            [
                [(c.value, c.data_type, c.number_format) for c in row]
                for row in openpyxl.load_workbook(path)["S"].iter_rows()
            ]
        )
    assert books[0] == books[1]
    cells = books[0]
    assert [r[0][0] for r in cells[1:10]] == [
        "plain",
        " spaced ",
        "a&b<c>",
        "bell_x0007_",
        "_x005F_x0041_",
        "=1+1",
        None,
        None,
        "中文",
    ]  # fmt: skip  (Excel reads _xHHHH_ escapes back; openpyxl shows them)
    assert cells[6][0][1] == "s" and cells[10][0][0] == "after"
    assert cells[2][1][0] is None and cells[1][2][2] == "yyyy-mm-dd"


def test_a_big_file_is_written_in_the_background_with_progress(store, checked_list):
    seen: list[int] = []

    def write(store_, target, out, progress):  # type: ignore[no-untyped-def]
        report_files.write_xlsx(
            store_, target, out, FileOptions(), lambda n: seen.append(n) or progress(n)
        )

    job = report_jobs.start_export(store, checked_list, ("xlsx",), "r.xlsx", 8, write)
    wait_until(lambda: job.finished_at is not None, "the file was written")
    assert job.ready and job.fraction == 1.0 and seen[-1] == 8
    assert workbook(job.read()).sheetnames[1] == "All messages"
    assert not report_jobs.exports_running(store, checked_list)


def test_the_csv_is_the_same_written_in_small_chunks(store, checked_list, monkeypatch):
    whole = report_files.csv_bytes(store, checked_list)
    monkeypatch.setattr(report_files, "CSV_CHUNK", 3)  # written while the next is read
    assert report_files.csv_bytes(store, checked_list) == whole
    assert whole.count(b"\r\n") == 9  # the heading and every message, in order


def test_csv_rows_with_values_of_an_unexpected_type_are_written_as_text():
    columns = ("msg_id", "number", "calling_code", "status", "receive_time")
    rows = report_files._struct([(123, "447911123456", 44, 0, None)], columns)
    assert rows.field("msg_id").to_pylist() == ["123"]
    assert rows.field("calling_code").to_pylist() == [44]
