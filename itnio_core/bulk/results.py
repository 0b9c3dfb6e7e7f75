"""Result workbooks of bulk lookups and bulk backfills: the person's own workbook back.

Every sheet of the upload comes back as it was; the sheet that was read gets
result columns after its last column, on the row each value came from. A
lookup workbook adds one sheet per kind of attempt (every documented field),
and both add a summary.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..api import OtpRecord
from ..common import from_epoch_ms
from ..conversions import backfill as conversions
from ..otp import records as otp_records
from ..sheets import Book, source_grids
from ..store import Store
from . import jobs as bj

LOOKUP_COLUMNS = [
    "ITNIO lookup",
    "Result",
    "Meaning",
    "Verified at",
    "Receiving number",
    "Channel",
    "Flow id",
    "SMS attempts",
    "Calls",
    "SNA checks",
    "Delivered",
    "Problem or error",
]
BACKFILL_COLUMNS = [
    "ITNIO report",
    "Number reported",
    "Time reported (UTC)",
    "Time reported (epoch ms)",
    "Problem or error",
]


@dataclass(frozen=True)
class PreviewRow:
    """One row of a bulk job, ready to show: its state, the record found (lookups), and its
    problem or error in English and Chinese."""

    excel_row: int
    key: str  # the orderId or msgid
    number: str
    state: str
    record: OtpRecord | None
    problem_en: str
    problem_zh: str

    def problem(self, lang: str) -> str:
        return self.problem_zh if lang.startswith("zh") and self.problem_zh else self.problem_en


def preview(store: Store, job_id: int, limit: int = 200) -> list[PreviewRow]:
    """The job's first ``limit`` rows. A backfill row's error is the stored report's, which
    keeps both languages (the job itself keeps the English)."""
    rows = bj.rows(store, job_id)[:limit]
    reported = conversions.existing(store, [str(r["key"]) for r in rows])
    out = []
    for row in rows:
        english = str(row["error"] or row["problem"] or "")
        found = reported.get(str(row["key"])) if row["error"] else None
        chinese = found.error_zh if found is not None and found.error_zh else ""
        out.append(
            PreviewRow(
                excel_row=int(row["excel_row"]),
                key=str(row["key"]),
                number=str(row["number"] or ""),
                state=str(row["state"]),
                record=record_of(row),
                problem_en=english,
                problem_zh=chinese,
            )
        )
    return out


def record_of(row: dict[str, Any]) -> OtpRecord | None:
    if not row.get("result"):
        return None
    return OtpRecord.from_json(json.loads(row["result"]))


def lookup_workbook(store: Store, job_id: int, zone: otp_records.Zone) -> bytes:
    rows = bj.rows(store, job_id)
    book = Book(constant_memory=False)
    cells: dict[int, list[Any]] = {}
    attempts: dict[str, list[list[Any]]] = {"SMS attempts": [], "Calls": [], "SNA checks": []}
    headers: dict[str, list[str]] = {}
    for row in rows:
        rec = record_of(row)
        summary = otp_records.summary_fields(rec) if rec else {}
        if rec is not None:
            summary["Verified at"] = zone.time(rec.verification.verified_date)
            if not rec.verification.verified_date:
                summary["Verified at"] = ""
            for sheet, items in otp_records.attempt_rows(rec, zone).items():
                for n, fields in enumerate(items, 1):
                    headers[sheet] = ["Row", "orderId", "Attempt", *(label for label, _ in fields)]
                    attempts[sheet].append(
                        [row["excel_row"], row["key"], n, *(v for _, v in fields)]
                    )
        cells[int(row["excel_row"])] = [
            bj.ROW_WORDS.get(row["state"], row["state"]),
            *(summary.get(c, "") for c in LOOKUP_COLUMNS[1:-1]),
            row["error"] or row["problem"] or "",
        ]
    _sheets_with_results(book, store, job_id, LOOKUP_COLUMNS, cells, "orderId")
    for sheet, lines in attempts.items():
        ws = book.sheet(sheet)
        book.write_row(ws, 0, headers.get(sheet, ["Row", "orderId", "Attempt"]), book.bold)
        if not lines:
            book.write(ws, 1, 0, f"No {sheet.lower()} in these records.")
        for i, line in enumerate(lines, 1):
            book.write_row(ws, i, line)
    book.pairs("ITNIO summary", _summary(store, job_id, f"Times are in {zone.name}."))
    return book.close()


def backfill_workbook(store: Store, job_id: int) -> bytes:
    book = Book(constant_memory=False)
    cells: dict[int, list[Any]] = {}
    for row in bj.rows(store, job_id):
        time_ms = row["time_ms"]
        cells[int(row["excel_row"])] = [
            backfill_word(str(row["state"])),
            row["number"] or "",
            from_epoch_ms(time_ms).strftime("%Y-%m-%d %H:%M:%S") if time_ms else "",
            str(time_ms) if time_ms else "",
            row["error"] or row["problem"] or "",
        ]
    _sheets_with_results(book, store, job_id, BACKFILL_COLUMNS, cells, "msgid")
    book.pairs("ITNIO summary", _summary(store, job_id, "Times are in UTC."))
    return book.close()


def backfill_word(state: str) -> str:
    """A backfill row's state in words (English; pages translate it)."""
    if state == bj.ROW_DONE:
        return "Reported"
    if state == bj.SKIPPED:
        return "Not reported"
    return bj.ROW_WORDS.get(state, state)


def _sheets_with_results(
    book: Book,
    store: Store,
    job_id: int,
    columns: Sequence[str],
    cells: dict[int, list[Any]],
    key_name: str,
) -> None:
    job = bj.get(store, job_id)
    assert job is not None
    data = bj.source(store, job_id)
    grids = source_grids(data, job.source_name) if data else []
    names = [n for n, _ in grids]
    target = job.source_sheet if job.source_sheet in names else (names[0] if names else None)
    for name, grid in grids:
        ws = book.sheet(name)
        width = max((len(r) for r in grid), default=0)
        last = max(len(grid), max(cells, default=0)) if name == target else len(grid)
        for i in range(last):
            book.write_row(ws, i, grid[i] if i < len(grid) else [])
            if name != target:
                continue
            if job.header_row is not None and i + 1 == job.header_row:
                book.write_row(ws, i, columns, book.bold, start_col=width)
            elif i + 1 in cells:
                book.write_row(ws, i, cells[i + 1], start_col=width)
    if not grids:  # no stored upload (the CLI with a CSV it could not keep): rows alone
        ws = book.sheet("Results")
        book.write_row(ws, 0, ["Row", key_name, *columns], book.bold)
        keys = {int(r["excel_row"]): r["key"] for r in bj.rows(store, job_id)}
        for i, (excel_row, line) in enumerate(sorted(cells.items()), 1):
            book.write_row(ws, i, [excel_row, keys.get(excel_row, ""), *line])


def _summary(store: Store, job_id: int, note: str) -> list[tuple[str, Any]]:
    job = bj.get(store, job_id)
    assert job is not None
    p = bj.progress(store, job_id)
    kind = "OTP lookups" if job.kind == bj.LOOKUP else "Conversion reports"
    return [
        ("Job", f"#{job.id} {kind}"),
        ("Source file", job.source_name),
        ("Sheet", job.source_sheet),
        ("Started by", job.user or ""),
        ("Started at (UTC)", job.created_at),
        ("Finished at (UTC)", job.finished_at),
        ("Rows", p.total),
        ("Done", p.done),
        ("Failed", p.failed),
        ("Unknown (no answer; not repeated)", p.unknown),
        ("Skipped (problems, duplicates, already reported)", p.skipped),
        ("Not done yet", p.pending + p.in_flight),
        ("Note", note),
    ]
