"""Read the recipient lists people upload: .xlsx, .xls, .csv and .ods.

``read_table`` turns an upload into a ``Table`` whose rows carry the row
number Excel shows, so every later problem can be named by row. Only a file
that cannot be read at all raises, always a ``SpreadsheetError`` with English
and Chinese text saying what to do.

    names = sheet_names(data, "list.xlsx")          # for the sheet picker
    table = read_table(data, "list.xlsx", names[0])
    phone = detect_phone_column(table)              # the person may change it
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

import pandas as pd

from ..common import UPLOAD_MAX_BYTES, UPLOAD_MAX_ROWS
from .errors import SpreadsheetError
from .phone_column import pick_phone_column
from .readers import (
    is_parser_failure,
    read_csv_grid,
    read_excel_grid,
    sniff_delimiter,
    workbook_sheets,
)
from .sniff import detect_format, detect_text_encoding, display_name, sample_text, without_stray_bom
from .table import Grid, Table, clean_text, column_letter, cut, header_names, locate

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "SpreadsheetError",
    "Table",
    "content_hash",
    "detect_phone_column",
    "read_table",
    "require_phone_column",
    "sheet_names",
]

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = UPLOAD_MAX_BYTES
MAX_ROWS = UPLOAD_MAX_ROWS


def content_hash(data: bytes) -> str:
    """sha256 of the upload, the cache key for its parsed tables."""
    return hashlib.sha256(data).hexdigest()


def sheet_names(data: bytes, filename: str) -> list[str]:
    """Sheets for the picker: visible ones first, then hidden ones. CSV: its file stem."""
    with _only_spreadsheet_errors(filename):
        return _sheet_names(data, filename)


def _sheet_names(data: bytes, filename: str) -> list[str]:
    fmt = _check_file(data, filename)
    if fmt == "csv":
        return [PurePath(display_name(filename)).stem or "Sheet1"]
    return _workbook_sheet_names(data, fmt, display_name(filename))


def _workbook_sheet_names(data: bytes, fmt: str, name: str) -> list[str]:
    sheets = workbook_sheets(data, fmt, name)
    names = [sheet for sheet, visible in sheets if visible]
    names += [sheet for sheet, visible in sheets if not visible]
    if not names:
        raise SpreadsheetError("no_sheets", name=name)
    return names


def read_table(data: bytes, filename: str, sheet: str | None = None) -> Table:
    """Read one sheet (the first visible one by default) into a ``Table``."""
    with _only_spreadsheet_errors(filename):
        return _read_table(data, filename, sheet)


def _read_table(data: bytes, filename: str, sheet: str | None) -> Table:
    fmt = _check_file(data, filename)
    name = display_name(filename)
    if fmt == "csv":
        encoding = detect_text_encoding(data)
        data = without_stray_bom(data, encoding[0])
        delimiter, width = sniff_delimiter(sample_text(data, encoding[0]))
        grid = read_csv_grid(data, name, encoding, delimiter, width)
        stem = PurePath(name).stem or "Sheet1"
        return _build(grid, sheet or stem, fmt, name, encoding=encoding[0], delimiter=delimiter)
    available = _workbook_sheet_names(data, fmt, name)
    chosen = available[0] if sheet is None else sheet
    if chosen not in available:
        raise SpreadsheetError(
            "sheet_not_found", name=name, sheet=chosen, sheets=", ".join(available)
        )
    grid = read_excel_grid(data, fmt, name, chosen)
    return _build(grid, chosen, fmt, name, others=[s for s in available if s != chosen])


def detect_phone_column(table: Table) -> str | None:
    """The column that holds phone numbers: by header words (EN/中文), then by content."""
    return pick_phone_column(table.columns, table.frame, table.header_row is not None)


def require_phone_column(table: Table) -> str:
    """Like ``detect_phone_column``, but a sheet without one is a SpreadsheetError."""
    column = detect_phone_column(table)
    if column is None:
        raise SpreadsheetError("no_phone_column", sheet=table.sheet)
    return column


@contextmanager
def _only_spreadsheet_errors(filename: str) -> Iterator[None]:
    """The last guard: whatever a parser throws becomes one clear SpreadsheetError."""
    try:
        yield
    except SpreadsheetError:
        raise
    except BaseException as exc:
        if not is_parser_failure(exc):
            raise
        logger.warning("could not read the upload %s", display_name(filename), exc_info=True)
        name = display_name(filename)
        raise SpreadsheetError("unreadable", name=name, kind="a spreadsheet") from exc


def _check_file(data: bytes, filename: str) -> str:
    name = display_name(filename)
    if len(data) > MAX_FILE_BYTES:
        limit_mb = MAX_FILE_BYTES // 2**20
        size_mb = len(data) / 2**20
        size, size_zh = f"{size_mb:.1f} MB", f"{size_mb:.1f} MB"
        if f"{size_mb:.1f}" == f"{limit_mb:.1f}":  # one byte over must not read "50.0 MB"
            size, size_zh = f"just over {limit_mb} MB", f"略超过 {limit_mb} MB"
        raise SpreadsheetError("too_big", name=name, size=size, size_zh=size_zh, limit_mb=limit_mb)
    fmt = detect_format(data, filename)  # also refuses unknown types before an empty check
    if not data or (len(data) < 4096 and not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe")):
        raise SpreadsheetError("empty_file", name=name)
    return fmt


def _build(
    grid: Grid,
    sheet: str,
    fmt: str,
    name: str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    others: list[str] | None = None,
) -> Table:
    frame = grid.frame
    cleaned = pd.DataFrame(
        {label: clean_text(frame[label], fmt != "csv") for label in frame.columns},
        index=frame.index,
    )
    layout = locate(cleaned)
    if not layout.kept or (layout.header is None and not len(layout.data_positions)):
        raise _empty_sheet(sheet, name, others or [])
    if not len(layout.data_positions):
        header_row = int(layout.header or 0) + grid.first_row
        raise SpreadsheetError("header_only", name=name, sheet=sheet, header_row=header_row)
    if len(layout.data_positions) > MAX_ROWS:
        raise SpreadsheetError(
            "too_many_rows", name=name, sheet=sheet, rows=len(layout.data_positions), limit=MAX_ROWS
        )
    columns = header_names(cleaned, layout)
    body = cut(cleaned, layout)
    body.columns = pd.Index(columns)
    return Table(
        sheet=sheet,
        columns=columns,
        frame=body,
        excel_rows=layout.data_positions + grid.first_row,
        header_row=None if layout.header is None else layout.header + grid.first_row,
        column_letters=[column_letter(int(label)) for label in layout.kept],
        source_format=fmt,
        encoding=encoding,
        delimiter=delimiter,
    )


def _empty_sheet(sheet: str, name: str, others: list[str]) -> SpreadsheetError:
    if others:
        listed = ", ".join(others)
        return SpreadsheetError(
            "empty_sheet",
            name=name,
            sheet=sheet,
            others=f" The file also has: {listed}; pick one of those.",
            others_zh=f"文件中还有：{listed}，请选择其中一个。",
        )
    return SpreadsheetError("empty_sheet", name=name, sheet=sheet)
