"""The report CSV, byte for byte, against a plain-Python statement of what each cell must be.

A varied report: every status (and codes the platform never sends), missing and
unreadable times, text with commas, quotes, line breaks and formula-like starts,
Chinese, unknown countries, times across daylight-saving changes, in both
languages. Any faster way of writing the CSV must keep every byte.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from itnio_core.phones.calling_codes import CALLING_CODES, country_label
from itnio_core.reports import files as report_files
from itnio_core.reports import lists as report_lists
from itnio_core.reports.files import FileOptions
from itnio_core.reports.statuses import word
from itnio_core.reports.target import Target
from itnio_core.sheets.write import FORMULA_TRIGGERS
from itnio_core.store.engine import Store
from itnio_core.store.schema import delivery_status

PLATFORM = timezone(timedelta(hours=8))
TIMES = [
    "2024-05-01T09:30:03+08:00",
    "2024-03-31T08:59:59+08:00",  # 00:59:59 UTC: London still on GMT
    "2024-03-31T09:00:00+08:00",  # 01:00 UTC: London on BST from here
    "2024-10-27T08:59:59+08:00",  # BST's last second
    "2024-10-27T09:00:00+08:00",  # GMT again
    "2023-03-26T09:00:00+08:00",
    "2023-10-29T08:30:00+08:00",
    "2024-05-01T09:30:03",  # no zone: platform time
    "2024-05-01T01:30:03Z",
    "2024-05-01T09:30:03.999+08:00",  # fractions are cut, not rounded
    " 2024-05-01T09:30:03+08:00 ",
    "",
    "not a time",
]
TEXTS = [
    "447911123456",
    "=HYPERLINK(1)",
    "+cmd",
    "-2+3",
    "@SUM(1)",
    "\tindent",
    "\rreturn",
    'say "hi"',
    "a,b",
    "two\nlines",
    "crlf\r\nend",
    "中文号码",
    "",
    " spaced ",
]
STATUSES: list[int | None] = [0, 1, -1, None, 9, 8, 2, 7, -5, 12]
CODES: list[int | None] = [44, 86, 91, None, 0, 999, 1234, -1]


def expected_csv(rows: list[dict], opts: FileOptions, with_rows: bool) -> bytes:
    """What the CSV must hold, cell by cell, from what was stored."""
    keys = list(report_files.HEADINGS)[0 if with_rows else 1 :]
    lines = [",".join(f'"{opts.heading(k)}"' for k in keys)]
    for row in rows:
        cells = {
            "row": "" if row["excel_row"] is None else str(row["excel_row"]),
            "msg_id": quoted(neutral(row["msg_id"])),
            "number": quoted(neutral(row["number"])),
            "calling_code": "" if row["code"] is None else str(row["code"]),
            "country": quoted(country(row["code"], opts.lang)),
            "status": quoted(word(state(row), opts.lang)),
            "received": "" if not row["checked"] else quoted(local(row["time"], opts.tz)),
        }
        lines.append(",".join(cells[k] for k in keys))
    return b"\xef\xbb\xbf" + "".join(line + "\r\n" for line in lines).encode("utf-8")


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def neutral(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def country(code: int | None, lang: str) -> str:
    known = code is not None and 0 <= code < 1000 and code in CALLING_CODES
    return country_label(code if known else None, lang)


def state(row: dict) -> str:
    if not row["checked"] or row["status"] == 9:
        return "unchecked"
    return {None: "not_found", 0: "delivered", 1: "failed"}.get(row["status"], "sending")


def local(text: str, tz: tzinfo) -> str:
    text = text.strip()
    if not text:
        return ""
    if not (text.endswith("Z") or text[-6] in "+-"):
        text += "+08:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return ""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def stored(store: Store, with_rows: bool) -> tuple[Target, list[dict]]:
    """A list of 60 messages, most with a stored status; returns it and what was stored."""
    rows = []
    for i in range(60):
        rows.append(
            {
                "msg_id": f"24050109300{i:08d}" if i % 7 else TEXTS[i % len(TEXTS)] + f"#{i}",
                "excel_row": (i + 2 if i % 5 else None) if with_rows else None,
                "checked": i % 9 != 4,
                "number": TEXTS[i % len(TEXTS)],
                "code": CODES[i % len(CODES)],
                "status": STATUSES[i % len(STATUSES)],
                "time": TIMES[i % len(TIMES)],
            }
        )
    ids = [r["msg_id"] for r in rows]
    excel_rows = [r["excel_row"] for r in rows] if with_rows else None
    list_id = report_lists.create_list(store, ids, name="varied", excel_rows=excel_rows)
    for r in rows:
        if not r["checked"]:  # nothing stored: a list has no number of its own
            r["number"], r["code"] = "", None
    with store.engine.begin() as conn:
        conn.execute(
            sa.insert(delivery_status),
            [
                {
                    "msg_id": r["msg_id"],
                    "number": r["number"],
                    "calling_code": r["code"],
                    "status": r["status"],
                    "receive_time": r["time"],
                    "first_seen_at": 0.0,
                    "checked_at": 0.0,
                    "changed_at": 0.0,
                }
                for r in rows
                if r["checked"]
            ],
        )
    return Target("list", list_id), rows


OPTIONS = [
    FileOptions(),
    FileOptions("en", ZoneInfo("Europe/London"), "Europe/London"),
    FileOptions("zh", ZoneInfo("Europe/London"), "Europe/London"),
    FileOptions("zh", ZoneInfo("Asia/Kolkata"), "Asia/Kolkata"),
    FileOptions("en", ZoneInfo("America/New_York"), "America/New_York"),
]


@pytest.mark.parametrize("with_rows", [False, True], ids=["pasted", "from a sheet"])
@pytest.mark.parametrize("opts", OPTIONS, ids=lambda o: f"{o.lang}-{o.tz_name}")
def test_every_cell_of_a_varied_report(store, monkeypatch, opts, with_rows):
    target, rows = stored(store, with_rows)
    want = expected_csv(rows, opts, with_rows)
    assert report_files.csv_bytes(store, target, opts) == want
    monkeypatch.setattr(report_files, "CSV_CHUNK", 7)  # chunks end mid-way through the kinds
    assert report_files.csv_bytes(store, target, opts) == want


def test_the_expectation_itself_sees_the_daylight_saving_changes():
    london = ZoneInfo("Europe/London")
    assert local("2024-03-31T08:59:59+08:00", london) == "2024-03-31 00:59:59"
    assert local("2024-03-31T09:00:00+08:00", london) == "2024-03-31 02:00:00"
    assert local("2024-10-27T08:59:59+08:00", london) == "2024-10-27 01:59:59"
    assert local("2024-10-27T09:00:00+08:00", london) == "2024-10-27 01:00:00"
    assert local("2024-05-01T09:30:03.999+08:00", ZoneInfo("Asia/Kolkata")) == (
        "2024-05-01 07:00:03"
    )
    assert local("not a time", london) == "" and local(" ", london) == ""
