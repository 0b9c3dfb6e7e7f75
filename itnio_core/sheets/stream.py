"""Many rows into one xlsxwriter sheet in constant-memory mode, a block at a time.

xlsxwriter's per-cell calls cost about 5 µs a cell: a million-row report (seven
million cells) took 40 s that way. In constant-memory mode xlsxwriter streams
each finished row's XML into a temporary file; ``append`` writes a whole
block of rows' XML there at once, built column by column, with the same
escaping xlsxwriter uses (inline strings, so text is always text and never a
formula). Workbook, styles, other sheets and the zip are still xlsxwriter's.

Columns are ``Column(kind, values)``: "text" (str or None), "number" (float,
NaN for empty) or "date" (an Excel serial number, NaN for empty; shown with
the book's date-time format). If this xlsxwriter lacks what ``append``
relies on, it falls back to the per-cell calls, with the same cells.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet
from xlsxwriter.xmlwriter import XMLwriter

MAX_CELL_CHARS = 32_767
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_EDGE_SPACE = re.compile(r"(?:^|\n)[^\S\n]|[^\S\n](?:\n|$)")

Kind = Literal["text", "number", "date"]


@dataclass(frozen=True)
class Column:
    kind: Kind
    values: Sequence[Any] | np.ndarray | pd.Series


def fast_path_available(ws: Worksheet) -> bool:
    return bool(getattr(ws, "constant_memory", False)) and all(
        hasattr(ws, name)
        for name in (
            "table",
            "previous_row",
            "row_data_fh",
            "_write_single_row",
            "_check_dimensions",
        )
    )


def escape_text(value: str) -> str:
    """A cell's text as xlsxwriter writes an inline string: control characters as _xHHHH_."""
    if len(value) > MAX_CELL_CHARS:
        value = value[:MAX_CELL_CHARS]
    if not _NEEDS_ESCAPE.search(value):
        return value
    value = XMLwriter._escape_control_characters(value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text_cells(letter: str, rows: list[int], values: Any) -> list[str]:
    texts = ["" if v is None or v != v else str(v) for v in values]
    joined = "\n".join(texts)  # one scan of everything instead of one per cell
    if _NEEDS_ESCAPE.search(joined) or max(map(len, texts), default=0) > MAX_CELL_CHARS:
        texts = [escape_text(t) for t in texts]
    cells = [
        f'<c r="{letter}{r}" t="inlineStr"><is><t>{v}</t></is></c>' if v else ""
        for r, v in zip(rows, texts, strict=True)
    ]
    if _EDGE_SPACE.search(joined):  # keep spaces at either end, as xlsxwriter does
        for i, t in enumerate(texts):
            if t and (t[0].isspace() or t[-1].isspace()):
                cells[i] = cells[i].replace("<t>", '<t xml:space="preserve">', 1)
    return cells


def _number_cells(letter: str, rows: list[int], values: Any, style: str) -> list[str]:
    numbers = np.asarray(values, dtype="float64")
    return [
        "" if math.isnan(v) else f'<c r="{letter}{r}"{style}><v>{v:.16G}</v></c>'
        for r, v in zip(rows, numbers.tolist(), strict=True)
    ]


def append(
    ws: Worksheet,
    first_row: int,
    columns: Sequence[Column],
    date_format: Any,
    *,
    fast: bool | None = None,
) -> int:
    """Write ``columns`` as rows from ``first_row`` (0-based); returns the next free row."""
    n = len(columns[0].values) if columns else 0
    if n == 0:
        return first_row
    if fast is None:
        fast = fast_path_available(ws)
    if not fast:
        return _append_cells(ws, first_row, columns, date_format)
    last_row = first_row + n - 1
    if ws.table:  # a row written the usual way (the heading) is still buffered: write it out
        ws._write_single_row(first_row)
    if ws._check_dimensions(last_row, len(columns) - 1) != 0:
        raise ValueError(f"rows {first_row}..{last_row} do not fit in the sheet")
    ws._check_dimensions(first_row, 0)
    rows = list(range(first_row + 1, last_row + 2))  # Excel's row numbers
    date_style = f' s="{date_format._get_xf_index()}"'
    cells: list[list[str]] = []
    for col, column in enumerate(columns):
        letter = xl_col_to_name(col)
        if column.kind == "text":
            cells.append(_text_cells(letter, rows, column.values))
        else:
            style = date_style if column.kind == "date" else ""
            cells.append(_number_cells(letter, rows, column.values, style))
    ws.row_data_fh.write(
        "".join(
            f'<row r="{r}">{"".join(parts)}</row>'
            for r, parts in zip(rows, zip(*cells, strict=True), strict=True)
        )
    )
    ws.previous_row = last_row + 1
    return last_row + 1


def _append_cells(
    ws: Worksheet, first_row: int, columns: Sequence[Column], date_format: Any
) -> int:
    """The same cells through xlsxwriter's public calls (slower)."""
    prepared: list[list[Any]] = []
    for column in columns:
        if column.kind == "text":
            prepared.append([None if v is None or v != v else str(v) for v in column.values])
        else:
            prepared.append(np.asarray(column.values, dtype="float64").tolist())
    n = len(prepared[0])
    for i in range(n):
        row = first_row + i
        for col, (column, values) in enumerate(zip(columns, prepared, strict=True)):
            v = values[i]
            if column.kind == "text":
                if v:
                    ws.write_string(row, col, v[:MAX_CELL_CHARS])
            elif not math.isnan(v):
                ws.write_number(row, col, v, date_format if column.kind == "date" else None)
    return first_row + n
