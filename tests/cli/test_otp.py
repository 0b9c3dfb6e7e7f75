"""``otp send``, ``otp record``, ``otp records --file`` and ``backfill`` from the command line."""

from __future__ import annotations

import getpass
import io
import json
import re

import openpyxl
import pytest

from itnio_core.cli.main import main
from itnio_core.otp import store as otp_store
from itnio_core.store.engine import Store


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def sheet(path, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return str(path)


def test_otp_send_is_kept_in_the_history_without_its_code(sandbox_env):
    code, text = run(
        "otp", "send", "--to", "+91 98765 43210", "--code", "80706050", "--order-id", "cli-h-1"
    )
    assert code == 0 and "Sent code 80706050 to 919876543210 by sms." in text
    [send] = otp_store.list_sends(Store(sandbox_env))
    assert send.order_id == "cli-h-1" and send.source == "cli" and send.state == "sent"
    assert send.user == getpass.getuser() and send.code_length == 8
    # the same orderId again sends nothing and says so
    code, _ = run("otp", "send", "--to", "919876543210", "--order-id", "cli-h-1")
    assert code == 1
    assert len(otp_store.list_sends(Store(sandbox_env))) == 1


def test_otp_send_json_and_errors(sandbox_env, capsys):
    code, text = run("otp", "send", "--to", "919876543210", "--channel", "sna", "--json")
    answer = json.loads(text)
    assert code == 0 and answer["data"]["snaUrl"].startswith("http://127.0.0.1")
    assert re.fullmatch(r"otp-\d{13}-[0-9a-f]{16}", answer["orderId"])
    code, _ = run("otp", "send", "--to", "919876543210", "--code", "12")
    assert code == 1 and "4 to 10 digits" in capsys.readouterr().err
    code, _ = run("otp", "send", "--to", "07911 123456", "--country", "GB")
    assert code == 0


def test_otp_record_prints_a_timeline(sandbox_env):
    run("otp", "send", "--to", "919876543210", "--order-id", "cli-r-1", "--channel", "call")
    code, text = run("otp", "record", "cli-r-1", "--timezone", "Asia/Kolkata")
    assert code == 0 and "Order cli-r-1: Sending" in text
    assert re.search(r"\(Asia/Kolkata\)  Call submitted", text)
    code, text = run("otp", "record", "cli-r-1", "--json")
    assert json.loads(text)["data"]["verifications"]["channel"] == "call"
    [send] = otp_store.list_sends(Store(sandbox_env))
    assert send.matched == 1 and send.checked_at is not None  # the lookup is remembered


def test_otp_records_from_a_file(sandbox_env, tmp_path):
    for order in ("f-1", "f-2"):
        run("otp", "send", "--to", "919876543210", "--order-id", order)
    path = sheet(tmp_path / "orders.xlsx", ["orderId"], [["f-1"], ["f-2"], ["f-1"], ["nope"]])
    out = tmp_path / "lookups.xlsx"
    code, text = run("otp", "records", "--file", path, "--out", str(out), "--json")
    answer = json.loads(text)
    assert code == 0 and (answer["looked_up"], answer["skipped"]) == (3, 1)
    assert [r["result"] for r in answer["rows"]] == ["Sending", "Sending", "", "Unknown id"]
    assert "row 2" in answer["rows"][2]["problem"]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Sheet" and wb["Sheet"]["B1"].value == "ITNIO lookup"
    code, text = run("otp", "records", "--file", path)
    assert code == 0 and "row 5: nope  Unknown id" in text and "add --out" in text


def test_backfill_one_and_then_never_again(sandbox_env):
    _, text = run("send", "--numbers", "919812345670", "--content", "Hi", "--json")
    msgid = json.loads(text)["array"][0]["msgId"]
    code, text = run(
        "backfill", "--msgid", msgid, "--number", "919812345670", "--time", "2024-05-01 14:03"
    )
    assert code == 0 and "Conversion reported" in text
    code, text = run("backfill", "--msgid", msgid, "--number", "919812345670", "--json")
    answer = json.loads(text)
    assert code == 0 and answer["already"] is True and answer["state"] == "reported"
    calls = Store(sandbox_env).recent_calls()
    assert [c.endpoint for c in calls].count("backfill") == 1


def test_backfill_refused_or_unreadable_exits_1(sandbox_env, capsys):
    code, _ = run("backfill", "--msgid", "nope", "--number", "919812345670")
    assert code == 1 and "do not match" in capsys.readouterr().err
    code, _ = run("backfill", "--msgid", "x", "--number", "919812345670", "--time", "31/12/2024")
    assert code == 1 and "either way round" in capsys.readouterr().err


def test_backfill_usage(sandbox_env):
    with pytest.raises(SystemExit) as info:
        main(["backfill", "--msgid", "x"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["backfill", "--file", "a.xlsx", "--msgid", "x"])
    assert info.value.code == 2


def test_backfill_a_file_with_duplicates_and_bad_rows(sandbox_env, tmp_path):
    _, text = run("send", "--numbers", "919812345670,919812345671", "--content", "Hi", "--json")
    ids = [m["msgId"] for m in json.loads(text)["array"]]
    path = sheet(
        tmp_path / "conv.xlsx",
        ["msgid", "number", "time"],
        [
            [ids[0], "919812345670", "1714572192000"],
            [ids[1], "919812345671", 45413.5],
            [ids[0], "919812345670", "1714572192000"],
            ["x", "12", "soon"],
        ],
    )
    out = tmp_path / "done.xlsx"
    code, text = run("backfill", "--file", path, "--out", str(out))
    assert code == 0 and "ok: 2   invalid: 1   duplicate: 1   already: 0" in text
    assert "row 5: Number:" in text and "Reported 2; failed 0" in text
    ws = openpyxl.load_workbook(out)["Sheet"]
    assert [ws.cell(r, 4).value for r in range(2, 6)] == [
        "Reported",
        "Reported",
        "Not reported",
        "Not reported",
    ]
    code, text = run("backfill", "--file", path, "--json")
    answer = json.loads(text)
    assert code == 0 and answer["checked"]["already"] == 3 and answer["reported"] == 0
