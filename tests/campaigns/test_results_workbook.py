"""The results workbook: the person's own sheets, with results on the right rows."""

import io

import openpyxl
import pandas as pd
import pytest

from itnio_core.api.client import ItnioClient
from itnio_core.campaigns import flow as campaign_flow
from itnio_core.campaigns import store as cs
from itnio_core.campaigns.plan import plan_campaign
from itnio_core.campaigns.results_workbook import RESULT_COLUMNS, campaign_workbook
from itnio_core.sandbox import SandboxConfig, start_sandbox
from itnio_core.sending.sender import Sender
from itnio_core.sheets.source import source_grids
from itnio_core.sheets.write import frames_to_xlsx, neutralise_csv


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
def sent_campaign(store):
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


# ------------------------------------------------------------------ CSV sources
CHINESE_CSV = (
    "手机号,姓名,备注\n447911123456,张三,老客户\n不是号码,李四,\n919876543210,王五,新客户\n"
)
CSV_ENCODINGS = {
    "gbk-with-utf8-bom": b"\xef\xbb\xbf" + CHINESE_CSV.encode("gbk"),
    "utf-16-with-bom": CHINESE_CSV.encode("utf-16"),
    "utf-16-le-without-bom": CHINESE_CSV.encode("utf-16-le"),
    "utf-8-with-bom": CHINESE_CSV.encode("utf-8-sig"),
}


@pytest.fixture(scope="module")
def sandbox():
    with start_sandbox(SandboxConfig()) as sb:
        yield sb


@pytest.mark.parametrize("encoding", list(CSV_ENCODINGS))
def test_results_of_a_csv_campaign_keep_its_headers(store, sandbox, encoding):
    """A CSV uploaded in the encodings Chinese Excel and WPS save comes back readable."""
    upload = campaign_flow.load_upload(CSV_ENCODINGS[encoding], "客户.csv")
    assert upload.phone_column == "手机号"  # the upload itself was read right
    checked = campaign_flow.check_upload(store, upload)
    plan = campaign_flow.plan(checked, "您好 {姓名}")
    cid = campaign_flow.save_draft(
        store, checked, plan, name="Promo", content="您好 {姓名}", sender_id="", user="ana"
    )
    cs.confirm(store, cid, user="ana")
    settings = sandbox.client_settings()
    Sender(store, lambda user: ItnioClient(settings, user=user)).run_until_idle(timeout=30)

    wb = openpyxl.load_workbook(io.BytesIO(campaign_workbook(store, cid)))
    ws = wb[wb.sheetnames[0]]
    assert [c.value for c in ws[1]] == ["手机号", "姓名", "备注", *RESULT_COLUMNS]
    zhang = [c.value for c in ws[2]]
    assert zhang[:3] == ["447911123456", "张三", "老客户"]
    assert zhang[4] == "OK" and zhang[7] == "Accepted by the platform"
    li = [c.value for c in ws[3]]
    assert li[:2] == ["不是号码", "李四"] and li[4] == "Invalid number"
    assert [c.value for c in ws[4]][:3] == ["919876543210", "王五", "新客户"]


def test_csv_source_is_split_like_the_upload_was():
    """Pipes and semicolons separate columns for the results as they did for the check."""
    piped = "Phone|Name\n447700900001|Ana\n".encode("gbk")
    assert source_grids(piped, "list.csv") == [
        ("Sheet1", [["Phone", "Name"], ["447700900001", "Ana"]])
    ]
    quoted = b'Phone;Note\r\n447700900001;"two\r\nlines"\r\n'
    rows = source_grids(quoted, "list.csv")[0][1]
    assert rows == [["Phone", "Note"], ["447700900001", "two\r\nlines"]]
