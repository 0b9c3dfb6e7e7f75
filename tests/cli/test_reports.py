"""``itnio report``: msgIds, a spreadsheet or a campaign; files out; --json."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
import sqlalchemy as sa

from itnio_core.cli import main as cli_main
from itnio_core.reports.lists import list_lists
from itnio_core.store.engine import Store
from tests.reports.test_fetch import CUSTOMERS, sheet

CREDENTIALS = (
    "ITNIO_API_KEY",
    "ITNIO_API_SECRET",
    "ITNIO_SMS_APP_ID",
    "ITNIO_OTP_APP_ID",
    "ITNIO_BASE_URL",
)


@pytest.fixture
def db_url(database, tmp_path, monkeypatch) -> str:
    """Sandbox mode, a fresh database, and the working directory in tmp_path."""
    url = database
    for name in CREDENTIALS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return url


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli_main(list(argv), out), out.getvalue()


def send(*numbers: str) -> list[str]:
    code, text = run("send", "--numbers", ",".join(numbers), "--content", "Hi", "--json")
    assert code == 0
    return [m["msgId"] for m in json.loads(text)["array"]]


UNKNOWN_ID = "2501019999999999999"  # the platform's shape, but never sent


def test_msgids_then_again_once_delivered_with_a_file(db_url, tmp_path, app_sandbox):
    ids = send("919812345670", "919812345679")
    code, text = run("report", ",".join([*ids, UNKNOWN_ID]))
    assert code == 0
    assert "Still sending: 2" in text and "Not found yet: 1" in text and ids[0] in text
    app_sandbox.simulator.deliver_now()  # the sandbox holds every message until told
    code, text = run("report", ",".join([*ids, UNKNOWN_ID]), "--out", "r.xlsx")
    assert code == 0 and "Delivered: 1   Failed: 1" in text and "3 messages" in text
    assert "Report written to r.xlsx" in text
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb["All messages"]["B2"].value == "919812345670"
    assert len(list_lists(Store(db_url))) == 1  # the same ids are the same list


def test_json_has_counts_items_and_the_platforms_answers(db_url):
    ids = send("919812345671")
    code, text = run("report", ids[0], "--json")
    answer = json.loads(text)
    assert code == 0 and answer["counts"]["sending"] == 1 and answer["asked"] == 1
    assert answer["items"][0]["msgId"] == ids[0] and answer["items"][0]["status"] == "sending"
    assert answer["answers"][0]["status"] == "0"


def test_a_campaign_and_its_results_file(db_url, tmp_path):
    (tmp_path / "list.xlsx").write_bytes(sheet(CUSTOMERS))
    code, text = run("send", "list.xlsx", "--content", "Hi {Name}", "--out", "results.xlsx")
    assert code == 0
    code, text = run("report", "--campaign", "1", "--out", "report.csv", "--lang", "zh")
    assert code == 0 and "Campaign #1 list (3 messages)" in text
    rows = list(csv.reader(io.StringIO((tmp_path / "report.csv").read_text("utf-8-sig"))))
    assert rows[0][:2] == ["表格行号", "消息 ID"] and rows[1][5] == "发送中"
    code, text = run("report", "--file", "results.xlsx", "--timezone", "Asia/Shanghai")
    assert code == 0 and "Message IDs: results.xlsx (3 messages)" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("report",), "Give exactly one of"),
        (("report", "1", "--campaign", "1"), "Give exactly one of"),
        (("report", "--campaign", "99"), "There is no campaign #99"),
        (("report", "1", "--out", "r.pdf"), "--out must end in .xlsx or .csv"),
        (("report", "1", "--timezone", "Mars/Olympus"), "is not a time zone"),
        (("report", "--file", "missing.xlsx"), "Cannot read missing.xlsx"),
    ],
)
def test_usage_problems_are_plain_words(db_url, capsys, argv, message):
    code, _ = run(*argv)
    err = capsys.readouterr().err
    assert code == 1 and message in err and "Traceback" not in err


def test_stored_statuses_say_how_each_was_learned_without_asking(db_url, tmp_path):
    from itnio_core import receipts
    from itnio_core.store import api_calls

    (tmp_path / "list.xlsx").write_bytes(sheet(CUSTOMERS))
    assert run("send", "list.xlsx", "--content", "Hi {Name}")[0] == 0
    store = Store(db_url)
    with store.engine.connect() as conn:
        asked_before = conn.execute(sa.select(sa.func.count()).select_from(api_calls)).scalar()
    code, text = run("report", "--campaign", "1", "--stored", "--json")
    answer = json.loads(text)
    assert code == 0 and answer["stored"] is True and answer["asked"] == 0
    assert {i["status"] for i in answer["items"]} == {"sending"}
    assert {i["source"] for i in answer["items"]} == {None}  # nothing learned yet
    first = answer["items"][0]
    receipt = receipts.Receipt("sandSMS1", first["msgId"], 0, 1764700000000, first["number"])
    with store.engine.begin() as conn:
        receipts.store_receipts(conn, [receipt])
    code, text = run("report", "--campaign", "1", "--stored", "--json")
    items = json.loads(text)["items"]
    assert items[0]["status"] == "delivered" and items[0]["source"] == "pushed"
    code, text = run("report", "--campaign", "1")  # asks the platform about the others
    code, text = run("report", "--campaign", "1", "--stored")
    assert code == 0 and "As stored (the platform was not asked)." in text
    assert "[pushed]" in text and "[asked]" in text
    with store.engine.connect() as conn:
        calls = conn.execute(
            sa.select(api_calls.c.endpoint).where(api_calls.c.id > asked_before)
        ).scalars()
        assert list(calls) == ["report"]  # only the run without --stored asked


def test_receiver_address_prints_the_path_or_the_full_address(db_url):
    code, path = run("receiver-address")
    assert code == 0 and path.startswith("/hooks/dlr/") and len(path.strip()) > 50
    code, full = run("receiver-address", "--base-url", "https://console.example.com/")
    assert code == 0 and full.strip() == "https://console.example.com" + path.strip()
    code, _ = run("receiver-address", "--base-url", "console.example.com")
    assert code == 1
