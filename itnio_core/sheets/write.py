"""Writing spreadsheets people download, safely and fast.

Text is always written as a text cell (``write_string``), so a value such as
``=HYPERLINK(...)`` or ``+cmd|...`` from someone's sheet is shown, never run.
Numbers that are identifiers (phone numbers, msgIds) are passed as text so
Excel cannot turn them into ``9.19877E+11``. xlsxwriter's constant-memory
mode keeps big files within a fixed memory budget.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_SHEET_NAME = 31


def neutralise_csv(value: str) -> str:
    """For CSV, where there is no cell type: prefix risky text with an apostrophe."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


class Book:
    """A thin wrapper that writes every Python value with the right, safe cell type."""

    def __init__(self, *, constant_memory: bool = True) -> None:
        self._buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(
            self._buffer,
            {
                "constant_memory": constant_memory,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "nan_inf_to_errors": True,
            },
        )
        self.bold = self.workbook.add_format({"bold": True, "bg_color": "#EEF2F7"})
        self.date_format = self.workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime_format = self.workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self._names: set[str] = set()

    def sheet(self, name: str) -> Worksheet:
        return self.workbook.add_worksheet(self.unique_name(name))

    def unique_name(self, name: str) -> str:
        clean = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'") or "Sheet"
        candidate = clean[:MAX_SHEET_NAME]
        n = 2
        while candidate.lower() in self._names:
            suffix = f" ({n})"
            candidate = clean[: MAX_SHEET_NAME - len(suffix)] + suffix
            n += 1
        self._names.add(candidate.lower())
        return candidate

    def write(self, ws: Worksheet, row: int, col: int, value: Any, fmt: Any = None) -> None:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return
        if isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if isinstance(value, float) and math.isinf(value):
                ws.write_string(row, col, str(value), fmt)
            else:
                ws.write_number(row, col, value, fmt)
        elif isinstance(value, datetime):
            ws.write_datetime(row, col, value.replace(tzinfo=None), fmt or self.datetime_format)
        elif isinstance(value, date):
            ws.write_datetime(row, col, datetime.combine(value, time()), fmt or self.date_format)
        else:
            text = str(value)
            if text:
                ws.write_string(row, col, text, fmt)

    def write_row(
        self, ws: Worksheet, row: int, values: Iterable[Any], fmt: Any = None, start_col: int = 0
    ) -> None:
        for col, value in enumerate(values, start=start_col):
            self.write(ws, row, col, value, fmt)

    def table(
        self, name: str, frame: pd.DataFrame, widths: Mapping[str, int] | None = None
    ) -> None:
        """One sheet: a bold header row, then the frame's values, frozen header."""
        ws = self.sheet(name)
        ws.freeze_panes(1, 0)
        for col, header in enumerate(frame.columns):
            width = (widths or {}).get(str(header), min(max(len(str(header)) + 2, 12), 60))
            ws.set_column(col, col, width)
        self.write_row(ws, 0, [str(c) for c in frame.columns], self.bold)
        for r, values in enumerate(frame.itertuples(index=False, name=None), start=1):
            self.write_row(ws, r, values)

    def pairs(self, name: str, items: Sequence[tuple[str, Any]]) -> None:
        """A two-column label/value sheet (summaries)."""
        ws = self.sheet(name)
        ws.set_column(0, 0, 34)
        ws.set_column(1, 1, 60)
        for r, (label, value) in enumerate(items):
            self.write(ws, r, 0, label, self.bold)
            self.write(ws, r, 1, value)

    def close(self) -> bytes:
        self.workbook.close()
        return self._buffer.getvalue()


def frames_to_xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    book = Book()
    for name, frame in sheets.items():
        book.table(name, frame)
    return book.close()
