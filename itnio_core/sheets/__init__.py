"""Spreadsheets in and out: reading any upload into a ``Table``, and writing safe downloads.

Reading never trusts the extension: the bytes decide (``sniff``); every problem is one
``SpreadsheetError`` in plain words (English and Chinese) that says what to do.

Modules:
  read          ``read_table(data, filename, sheet)`` → ``Table``; ``sheet_names``,
                ``content_hash``, ``detect_phone_column``.
  sniff         what a file really is; text encodings (``detect_text_encoding``).
  readers       fastexcel for workbooks, pandas for CSV (``sniff_delimiter``).
  xlsx_parts    what an .xlsx holds, read from its zip parts (zip bombs, formulas).
  table         from a grid of cells to a ``Table``: header row, Excel row numbers.
  phone_column  which column holds the phone numbers.
  errors        ``SpreadsheetError``.
  source        ``source_grids``: the person's own upload read back whole.
  write         ``Book``, ``frames_to_xlsx``, ``neutralise_csv``: text stays text, never
                a formula.
  stream        ``Column`` and constant-memory writing of a million rows.
"""

from __future__ import annotations

from . import read, stream, write
from .errors import SpreadsheetError
from .read import content_hash, detect_phone_column, read_table, sheet_names
from .readers import sniff_delimiter
from .sniff import detect_text_encoding, display_name, sample_text, without_stray_bom
from .source import source_grids
from .stream import Column
from .table import Table
from .write import FORMULA_TRIGGERS, Book, frames_to_xlsx, neutralise_csv

__all__ = [
    "FORMULA_TRIGGERS",
    "Book",
    "Column",
    "SpreadsheetError",
    "Table",
    "content_hash",
    "detect_phone_column",
    "detect_text_encoding",
    "display_name",
    "frames_to_xlsx",
    "neutralise_csv",
    "read",
    "read_table",
    "sample_text",
    "sheet_names",
    "sniff_delimiter",
    "source_grids",
    "stream",
    "without_stray_bom",
    "write",
]
