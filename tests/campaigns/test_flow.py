"""The shared upload → check → plan → draft flow, on a messy real workbook."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from itnio_core.api.client import ItnioClient
from itnio_core.campaigns import bulk_write, stop_list
from itnio_core.campaigns import flow as cf
from itnio_core.campaigns import store as cs
from itnio_core.campaigns.plan import plan_campaign
from itnio_core.common.errors import InvalidInputError
from itnio_core.sandbox import SandboxConfig, start_sandbox
from itnio_core.sending.sender import Sender
from itnio_core.sheets.read import SpreadsheetError
from itnio_core.store.engine import Store

STOPPED = "919812300004"
# Excel row → (name, phone cell, expected verdict). Row 1 is a title, row 2 blank, row 3 the
# header; row 9 is blank and skipped; row 11's number is stored as a number cell.
ROWS = {
    4: ("Ana", "+91 98123 00001", "ok"),
    5: ("Bruno", "919812300002", "ok"),
    6: ("Chen", "+91 98123 00001", "duplicate"),
    7: ("Dev", "12345", "invalid"),
    8: ("Eve", "+91 98123 00004", "excluded"),
    10: ("Fay", None, "empty"),
    11: ("Gus", 919812300005, "ok"),
    12: ("Hana", "98123 00006", "ok"),  # no country code: ok with --country IN
}


def messy_workbook(rows: dict[int, tuple[str, object, str]] = ROWS) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Customers"
    ws["A1"] = "Spring sale - customer list"
    ws.append([])
    ws.append(["Name", "Mobile number", "City"])
    for excel_row, (name, phone, _) in rows.items():
        ws.cell(excel_row, 1, name)
        ws.cell(excel_row, 2, phone)
        ws.cell(excel_row, 3, "Pune")
    notes = wb.create_sheet("Notes")
    for line in (["Topic", "Owner"], ["Prices", "Ana"], ["Stock", "Bruno"]):
        notes.append(line)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def store(database):
    s = Store(database)
    stop_list.add(s, [STOPPED], user="test")
    yield s
    s.close()


@pytest.fixture
def upload():
    return cf.load_upload(messy_workbook(), "spring list.xlsx")


def test_load_upload_finds_the_header_and_the_phone_column(upload):
    assert upload.phone_column == "Mobile number"
    assert upload.table.sheet == "Customers"
    assert upload.table.header_row == 3
    assert list(upload.table.excel_rows) == list(ROWS)
    assert upload.filename == "spring list.xlsx" and upload.data.startswith(b"PK")


def test_every_row_gets_its_verdict_and_the_stop_list_applies(store, upload):
    checked = cf.check_upload(store, upload, country="in")
    assert checked.phone_column == "Mobile number" and checked.country == "IN"
    frame = checked.verdicts.frame
    assert dict(zip(frame["excel_row"], frame["verdict"], strict=True)) == {
        row: verdict for row, (_, _, verdict) in ROWS.items()
    }
    assert frame.loc[frame["excel_row"] == 12, "number"].item() == "919812300006"
    assert frame.loc[frame["excel_row"] == 6, "duplicate_of"].item() == 4


def test_without_a_country_a_national_number_is_invalid(store, upload):
    checked = cf.check_upload(store, upload)
    frame = checked.verdicts.frame
    assert frame.loc[frame["excel_row"] == 12, "verdict"].item() == "invalid"


def test_plan_and_dry_run_summary_count_exactly(store, upload):
    checked = cf.check_upload(store, upload, country="IN")
    plan = cf.plan(checked, "Hi {Name}, 20% off today")
    assert cf.dry_run_summary(checked, plan) == {
        "rows": 8,
        "ok": 4,
        "invalid": 1,
        "duplicate": 1,
        "excluded": 1,
        "empty": 1,
        "check": 0,
        "segments": 4,
        "requests": 1,
    }
    assert plan.sample(1) == [(4, "919812300001", "Hi Ana, 20% off today")]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"phone_column": "Phone"}, "no column called 'Phone'"),
        ({"country": "XX"}, "not a country code"),
    ],
)
def test_bad_choices_are_plain_errors(store, upload, kwargs, words):
    with pytest.raises(InvalidInputError, match=words):
        cf.check_upload(store, upload, **kwargs)


def test_a_sheet_without_phone_numbers_says_so(store):
    upload = cf.load_upload(messy_workbook(), "spring list.xlsx", sheet="Notes")
    assert upload.phone_column is None
    with pytest.raises(SpreadsheetError) as info:
        cf.check_upload(store, upload)
    assert info.value.user_message


def test_unknown_placeholder_is_a_plain_error(store, upload):
    checked = cf.check_upload(store, upload, country="IN")
    with pytest.raises(InvalidInputError, match="Nme"):
        cf.plan(checked, "Hi {Nme}")


def test_save_draft_stores_the_source_and_a_rerun_reuses_it(store, upload):
    checked = cf.check_upload(store, upload, country="IN")
    args = {"name": "Spring", "content": "Hi {Name}", "sender_id": "ACME", "user": "ana"}
    first = cf.save_draft(store, checked, cf.plan(checked, "Hi {Name}"), **args)
    # A rerun plans again (new generated order ids) and must find the same draft.
    assert cf.save_draft(store, checked, cf.plan(checked, "Hi {Name}"), **args) == first
    other = {**args, "content": "Hello {Name}"}
    assert cf.save_draft(store, checked, cf.plan(checked, "Hello {Name}"), **other) != first
    c = cs.get(store, first)
    assert c is not None and c.status == cs.DRAFT
    assert (c.source_name, c.source_sheet, c.phone_column) == (
        "spring list.xlsx",
        "Customers",
        "Mobile number",
    )
    assert (c.header_row, c.default_country, c.sender_id) == (3, "IN", "ACME")
    assert (c.rows, c.recipients, c.requests) == (8, 4, 1)
    assert c.verdict_counts == {
        "ok": 4, "invalid": 1, "duplicate": 1, "excluded": 1, "empty": 1, "check": 0
    }  # fmt: skip
    assert cs.source_file(store, first) == ("spring list.xlsx", upload.data)


def test_a_new_stop_list_entry_makes_a_new_draft(store, upload):
    args = {"name": "Spring", "content": "Hi", "sender_id": "", "user": "ana"}
    checked = cf.check_upload(store, upload, country="IN")
    first = cf.save_draft(store, checked, cf.plan(checked, "Hi"), **args)
    stop_list.add(store, ["919812300002"], user="test")
    checked = cf.check_upload(store, upload, country="IN")
    assert cf.save_draft(store, checked, cf.plan(checked, "Hi"), **args) != first


def test_verdicts_file_as_xlsx(store, upload):
    checked = cf.check_upload(store, upload, country="IN")
    book = openpyxl.load_workbook(io.BytesIO(cf.verdicts_file(checked, ".xlsx")))
    rows = list(book["Verdicts"].iter_rows(values_only=True))
    assert rows[0] == ("Row", "Phone as written", "Number", "Verdict", "Reason", "Duplicate of row")
    assert [r[0] for r in rows[1:]] == list(ROWS)
    by_row = {r[0]: r for r in rows[1:]}
    assert by_row[6][3:] == ("duplicate", "Same number as row 4; it will be sent once.", 4)
    assert by_row[8][3] == "excluded" and by_row[10][3] == "empty"
    assert by_row[11][1:3] == ("919812300005", "919812300005")  # text, not 9.19812E+11
    assert by_row[4][1] == "+91 98123 00001"  # written as text, never a formula


def test_verdicts_file_as_csv_has_a_bom_and_neutralised_cells(store, upload):
    checked = cf.check_upload(store, upload, country="IN")
    data = cf.verdicts_file(checked, ".csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Row,Phone as written,Number,Verdict,Reason,Duplicate of row"
    assert lines[1] == "4,'+91 98123 00001,919812300001,ok,,"


# ------------------------------------------------------------------ sending the draft
def client_factory(sandbox):
    settings = sandbox.client_settings()
    return lambda user: ItnioClient(settings, user=user)


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "portable"])
def test_a_confirmed_draft_is_sent_once_with_every_msgid(store, upload, monkeypatch, fast):
    monkeypatch.setattr(bulk_write, "FAST_PATHS", fast)
    checked = cf.check_upload(store, upload, country="IN")
    plan = cf.plan(checked, "Hi {Name}")
    cid = cf.save_draft(store, checked, plan, name="s", content="Hi {Name}", sender_id="", user="a")
    assert cs.confirm(store, cid, user="a")
    with start_sandbox(SandboxConfig(delivery_delay=0.1)) as sb:
        Sender(store, client_factory(sb)).run_until_idle(timeout=60)
        seen = sb.simulator.seen_counts()
    assert seen == dict.fromkeys(
        ["919812300001", "919812300002", "919812300005", "919812300006"], 1
    )
    c = cs.get(store, cid)
    assert c is not None and c.status == cs.FINISHED
    rows = {r["excel_row"]: r for r in cs.recipient_rows(store, cid)}
    assert list(rows) == list(ROWS)  # sheet order, whatever the order on disk
    sent = {row for row, r in rows.items() if r["submit_status"] == "sent"}
    assert sent == {4, 5, 11, 12}
    assert all(len(rows[row]["msg_id"]) == 19 for row in sent)
    assert {rows[row]["submit_status"] for row in (6, 7, 8, 10)} == {"not_sent"}


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "portable"])
def test_numbers_the_platform_refuses_are_recorded_as_refused(store, monkeypatch, fast):
    """The sandbox leaves numbers that are not 7-15 digits out of its answer."""
    monkeypatch.setattr(bulk_write, "FAST_PATHS", fast)
    numbers = ["919812300011", "12345", "919812300012"]
    frame = pd.DataFrame({"Phone": numbers})
    verdicts = pd.DataFrame(
        {"excel_row": [2, 3, 4], "raw": numbers, "number": numbers, "verdict": "ok", "reason": ""}
    )
    plan = plan_campaign(frame, verdicts, "Hello")
    cid = cs.create_draft(
        store, plan, name="r", content="Hello", sender_id="", user="a", verdict_counts={"ok": 3}
    )
    cs.confirm(store, cid, user="a")
    config = SandboxConfig(delivery_delay=0.1, starting_balance=Decimal("10"))
    with start_sandbox(config) as sb:
        Sender(store, client_factory(sb)).run_until_idle(timeout=60)
    statuses = {r["excel_row"]: r["submit_status"] for r in cs.recipient_rows(store, cid)}
    assert statuses == {2: "sent", 3: "failed", 4: "sent"}
    p = cs.progress(store, cid)
    assert (p.accepted, p.rejected) == (2, 1)
