"""``itnio send FILE``: check a spreadsheet, or send it as a durable campaign."""

from __future__ import annotations

import getpass
import io
import json
import os

import openpyxl
import pytest

from itnio_core.campaigns import stop_list
from itnio_core.campaigns import store as cs
from itnio_core.cli.main import main
from itnio_core.console.wiring import shared_sandbox
from itnio_core.store.engine import Store

STOPPED = "919812310004"
# Excel row → (name, phone cell, verdict). Row 1 is a title, row 2 blank, row 3 the header,
# row 9 blank (skipped); row 11 holds the number as a number cell.
ROWS = {
    4: ("Ana", "+91 98123 10001", "ok"),
    5: ("Bruno", "919812310002", "ok"),
    6: ("Chen", "+91 98123 10001", "duplicate"),
    7: ("Dev", "12345", "invalid"),
    8: ("Eve", "+91 98123 10004", "excluded"),
    10: ("Fay", None, "empty"),
    11: ("Gus", 919812310005, "ok"),
}
SENT = {"919812310001", "919812310002", "919812310005"}


@pytest.fixture
def env(tmp_path, sandbox_env):
    """Sandbox mode, a fresh database, the messy list in the cwd."""
    store = Store(sandbox_env)
    stop_list.add(store, [STOPPED], user="test")
    store.close()
    write_list(tmp_path / "customers.xlsx")
    return tmp_path


def write_list(path, rows=ROWS, phone_header="Mobile"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Customers"
    ws["A1"] = "Spring sale - customer list"
    ws.append([])
    ws.append(["Name", phone_header, "City"])
    for excel_row, (name, phone, _) in rows.items():
        ws.cell(excel_row, 1, name)
        ws.cell(excel_row, 2, phone)
        ws.cell(excel_row, 3, "Pune")
    wb.save(path)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def open_store(_env) -> Store:
    return Store(os.environ["ITNIO_DATABASE_URL"])  # the database the command used


# ------------------------------------------------------------------ dry run
def test_dry_run_json_counts_exactly_and_sends_nothing(env):
    code, text = run("send", "customers.xlsx", "--content", "Hi {Name}", "--dry-run", "--json")
    assert code == 0
    answer = json.loads(text)
    estimate = answer.pop("estimate")  # no price list yet: India's price is unknown
    assert (estimate["total"], estimate["currency"], estimate["lower_bound"]) == (
        "0.00",
        "USD",
        True,
    )
    assert estimate["unknown_countries"] == [
        {"calling_code": 91, "country": "IN", "name": "India (+91)"}
    ]
    assert answer == {
        "rows": 7,
        "ok": 3,
        "invalid": 1,
        "duplicate": 1,
        "excluded": 1,
        "empty": 1,
        "check": 0,
        "segments": 3,
        "requests": 1,
        "held": [],  # no quiet hours set
    }
    store = open_store(env)
    assert cs.list_campaigns(store, include_drafts=True) == []
    store.close()


def test_numbers_of_other_countries_are_sent_only_when_included(env):
    rows = {4: ("Ana", "98123 10001", "ok"), 5: ("Bo", 447400123456, "check")}
    write_list(env / "other.xlsx", rows)
    base = ("send", "other.xlsx", "--content", "Hi", "--country", "IN", "--dry-run", "--json")
    code, text = run(*base)
    assert code == 0
    answer = json.loads(text)
    assert (answer["ok"], answer["check"]) == (1, 1)
    code, text = run(*base, "--include-other-countries")
    assert code == 0
    answer = json.loads(text)
    assert (answer["ok"], answer["check"]) == (2, 0)
    assert {c["country"] for c in answer["estimate"]["unknown_countries"]} == {"IN", "GB"}


def test_dry_run_in_words_lists_problems_by_row(env, capsys):
    code, text = run("send", "customers.xlsx", "--content", "Hi {Name}", "--dry-run")
    assert code == 0
    assert "Checked 7 rows of sheet 'Customers' (phone column 'Mobile', header on row 3)" in text
    assert "ok: 3   invalid: 1   duplicate: 1   excluded: 1   empty: 1" in text
    assert "Would send 3 messages (3 segments) in 1 request." in text
    assert "Row 6: duplicate of row 4" in text and "Row 8: on the stop list" in text
    assert "Sandbox mode" in capsys.readouterr().err


def test_dry_run_out_xlsx_has_every_rows_verdict(env):
    code, _ = run(
        "send", "customers.xlsx", "--content", "Hi", "--dry-run", "--out", "verdicts.xlsx"
    )
    assert code == 0
    sheet = openpyxl.load_workbook(env / "verdicts.xlsx")["Verdicts"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Row", "Phone as written", "Number", "Verdict", "Reason", "Duplicate of row")
    assert {r[0]: r[3] for r in rows[1:]} == {row: v for row, (_, _, v) in ROWS.items()}
    by_row = {r[0]: r for r in rows[1:]}
    assert by_row[4][1:3] == ("+91 98123 10001", "919812310001")
    assert by_row[6][5] == 4
    assert by_row[11][1] == "919812310005"  # a number cell comes back as text
    assert "country code" in by_row[7][4]


def test_dry_run_out_csv_is_utf8_with_bom_and_neutralised(env):
    code, _ = run("send", "customers.xlsx", "--content", "Hi", "--dry-run", "--out", "v.csv")
    assert code == 0
    data = (env / "v.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1] == "4,'+91 98123 10001,919812310001,ok,,"
    assert len(lines) == 1 + len(ROWS)


def test_sheet_column_and_country_options(env):
    wb = openpyxl.load_workbook(env / "customers.xlsx")
    other = wb.create_sheet("Shop")
    for line in (["Who", "Tel", "Backup"], ["Ana", "98123 10021", "98123 10022"]):
        other.append(line)
    wb.save(env / "customers.xlsx")
    code, _ = run(
        "send", "customers.xlsx", "--content", "Hi", "--sheet", "Shop", "--column", "Backup",
        "--country", "IN", "--dry-run", "--out", "v.xlsx",
    )  # fmt: skip
    assert code == 0
    rows = list(openpyxl.load_workbook(env / "v.xlsx")["Verdicts"].iter_rows(values_only=True))
    assert rows[1][:4] == (2, "98123 10022", "919812310022", "ok")


# ------------------------------------------------------------------ real send
def test_send_runs_the_durable_job_once_and_writes_the_results(env):
    before = shared_sandbox().simulator.seen_counts()
    code, text = run(
        "send", "customers.xlsx", "--content", "Hi {Name}", "--sender-id", "ACME",
        "--out", "results.xlsx", "--json",
    )  # fmt: skip
    assert code == 0, text
    answer = json.loads(text)
    assert answer["status"] == "finished" and answer["recipients"] == 3
    assert (answer["accepted"], answer["refused"], answer["unknown"]) == (3, 0, 0)

    after = shared_sandbox().simulator.seen_counts()
    assert {n: after.get(n, 0) - before.get(n, 0) for n in SENT} == dict.fromkeys(SENT, 1)
    assert after.get(STOPPED, 0) == before.get(STOPPED, 0)

    store = open_store(env)
    campaign = cs.get(store, answer["campaign_id"])
    assert campaign is not None and campaign.status == cs.FINISHED
    assert (campaign.name, campaign.sender_id, campaign.header_row) == ("customers", "ACME", 3)
    assert campaign.created_by == campaign.confirmed_by == getpass.getuser()
    rows = {r["excel_row"]: r for r in cs.recipient_rows(store, campaign.id)}
    sent = {r["number"] for r in rows.values() if r["submit_status"] == "sent"}
    assert sent == SENT and all(len(rows[n]["msg_id"]) == 19 for n in (4, 5, 11))
    assert {rows[n]["submit_status"] for n in (6, 7, 8, 10)} == {"not_sent"}
    store.close()

    book = openpyxl.load_workbook(env / "results.xlsx")
    assert book.sheetnames == ["Customers", "ITNIO summary"]
    grid = list(book["Customers"].iter_rows(values_only=True))
    assert grid[2][:4] == ("Name", "Mobile", "City", "Number sent to")
    ana = grid[3]
    assert ana[3] == "919812310001" and ana[6] == rows[4]["msg_id"]


def test_send_in_words_names_the_campaign_and_where_results_are(env):
    code, text = run("send", "customers.xlsx", "--content", "Hello")
    assert code == 0
    assert "'customers': finished. Accepted 3, refused 0, unknown 0 (of 3 recipients)." in text
    campaign_id = int(text.split("#", 1)[1].split(" ", 1)[0])
    assert f"scripts/itnio results {campaign_id} --out results.xlsx" in text
    code, text = run("results", str(campaign_id), "--out", "later.xlsx")
    assert code == 0 and (env / "later.xlsx").exists()


def test_a_refused_campaign_exits_1_with_the_reason(env, capsys):
    code, text = run("send", "customers.xlsx", "--content", "casino night {Name}", "--json")
    assert code == 1
    answer = json.loads(text)
    assert answer["status"] == "stopped" and answer["accepted"] == 0
    err = capsys.readouterr().err
    assert "Error: The message contains words" in err and "Traceback" not in err


# ------------------------------------------------------------------ errors and usage
@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["missing.xlsx", "--content", "Hi"], "Cannot read missing.xlsx"),
        (["customers.xlsx", "--content", "Hi {Nme}"], "{Nme}"),
        (["customers.xlsx", "--content", "Hi", "--column", "Phone"], "no column called 'Phone'"),
        (["customers.xlsx", "--content", "Hi", "--sheet", "Nope"], "Nope"),
        (["customers.xlsx", "--content", "Hi", "--country", "XX"], "not a country code"),
        (["customers.xlsx", "--content", "Hi", "--out", "r.csv"], "--out must end in .xlsx"),
        (["customers.xlsx", "--content", "Hi", "--sender-id", "S" * 40], "sender ID"),
        (["notes.xlsx", "--content", "Hi"], "phone"),
        (["invalid.xlsx", "--content", "Hi"], "Nothing to send"),
    ],
)
def test_errors_exit_1_in_plain_words(env, capsys, argv, words):
    write_list(env / "notes.xlsx", {4: ("Ana", "Pune", "")}, phone_header="Town")
    write_list(env / "invalid.xlsx", {4: ("Ana", "12345", "invalid")})
    code, _ = run("send", *argv)
    err = capsys.readouterr().err
    assert code == 1
    assert "Error: " in err and words in err and "Traceback" not in err
    store = open_store(env)
    assert cs.list_campaigns(store) == []  # nothing was confirmed
    store.close()


@pytest.mark.parametrize(
    "argv",
    [
        ["send", "--content", "Hi"],
        ["send", "customers.xlsx", "--numbers", "919812310001", "--content", "Hi"],
        ["send", "--numbers", "919812310001", "--content", "Hi", "--dry-run"],
        ["send", "--numbers", "919812310001", "--content", "Hi", "--column", "Phone"],
    ],
)
def test_usage_errors_exit_2(env, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
