"""The results workbook: the person's own sheets, with results on the right rows."""

import io

import openpyxl
import pandas as pd
import pytest

from itnio_core import campaign_store as cs
from itnio_core.campaigns import plan_campaign
from itnio_core.client import ItnioClient
from itnio_core.results import RESULT_COLUMNS, campaign_workbook
from itnio_core.sandbox import (
    SandboxConfig,
    start_sandbox,
)
from itnio_core.sender import Sender
from itnio_core.store import Store
from itnio_core.xlsx_out import frames_to_xlsx, neutralise_csv


def source_workbook() -> bytes:
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes["A1"] = "Read me first"
    ws = wb.create_sheet("Customers")
    ws["A1"] = "November promotion"  # a title row above the header
    ws.append([])
    ws.append(["Phone", "Name", "Comment"])  # header on Excel row 3
    ws.append(["447700900001", "Ana", '=HYPERLINK("http://evil","x")'])
    ws.append(["bad", "Bo", "+cmd|' /C calc'!A0"])
    ws.append(["447700900002", "Cy", "@SUM(1)"])
    for row in (4, 5, 6):  # typed as text in the person's sheet, not as formulas
        ws.cell(row, 3).data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def sent_campaign(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    frame = pd.DataFrame(
        {
            "Phone": ["447700900001", "bad", "447700900002"],
            "Name": ["Ana", "Bo", "Cy"],
            "Comment": ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "@SUM(1)"],
        }
    )
    verdicts = pd.DataFrame(
        {
            "excel_row": [4, 5, 6],
            "raw": frame["Phone"],
            "number": ["447700900001", "", "447700900002"],
            "verdict": ["ok", "invalid", "ok"],
            "reason": ["", "Not a phone number.", ""],
        }
    )
    plan = plan_campaign(frame, verdicts, "Hi {Name}")
    cid = cs.create_draft(
        store,
        plan,
        name="Promo",
        content="Hi {Name}",
        sender_id="ACME",
        user="ana",
        verdict_counts={"ok": 2, "invalid": 1},
        source_name="list.xlsx",
        source_sheet="Customers",
        source_bytes=source_workbook(),
        phone_column="Phone",
        header_row=3,
    )
    cs.confirm(store, cid, user="ana")
    with start_sandbox(SandboxConfig()) as sb:
        settings = sb.client_settings()
        Sender(store, lambda user: ItnioClient(settings, user=user)).run_until_idle()
    return store, cid


def test_results_keep_every_sheet_and_column_and_add_results(sent_campaign):
    store, cid = sent_campaign
    wb = openpyxl.load_workbook(io.BytesIO(campaign_workbook(store, cid)))
    assert wb.sheetnames == ["Notes", "Customers", "ITNIO summary"]
    assert wb["Notes"]["A1"].value == "Read me first"
    ws = wb["Customers"]
    assert ws["A1"].value == "November promotion"
    assert [c.value for c in ws[3]] == ["Phone", "Name", "Comment", *RESULT_COLUMNS]
    ana = [c.value for c in ws[4]]
    assert ana[:2] == ["447700900001", "Ana"]
    assert ana[3:5] == ["447700900001", "OK"]
    assert len(ana[6]) == 19 and ana[6].isdigit()  # msgId as text
    assert ws.cell(4, 7).data_type == "s"
    assert ana[7] == "Accepted by the platform"
    bo = [c.value for c in ws[5]]
    assert bo[4:6] == ["Invalid number", "Not a phone number."] and bo[7] == "Not sent"


def test_user_text_that_looks_like_formulas_is_never_a_formula(sent_campaign):
    store, cid = sent_campaign
    wb = openpyxl.load_workbook(io.BytesIO(campaign_workbook(store, cid)))
    ws = wb["Customers"]
    for row in (4, 5, 6):
        cell = ws.cell(row, 3)
        assert cell.data_type == "s", cell.value
    assert ws.cell(4, 3).value.startswith("=HYPERLINK")


def test_summary_sheet_has_the_counts(sent_campaign):
    store, cid = sent_campaign
    wb = openpyxl.load_workbook(io.BytesIO(campaign_workbook(store, cid)))
    summary = {r[0].value: r[1].value for r in wb["ITNIO summary"].iter_rows()}
    assert summary["Recipients"] == 2 and summary["Accepted by the platform"] == 2
    assert summary["Invalid numbers"] == 1 and summary["Sender ID"] == "ACME"
    assert summary["Message"] == "Hi {Name}"


def test_frames_to_xlsx_and_csv_neutralising():
    data = frames_to_xlsx({"Problems": pd.DataFrame({"Row": [2], "Value": ["=1+1"]})})
    ws = openpyxl.load_workbook(io.BytesIO(data))["Problems"]
    assert ws["B2"].value == "=1+1" and ws["B2"].data_type == "s" and ws["A2"].value == 2
    assert [neutralise_csv(v) for v in ["=1", "+2", "-3", "@x", "ok"]] == [
        "'=1",
        "'+2",
        "'-3",
        "'@x",
        "ok",
    ]
