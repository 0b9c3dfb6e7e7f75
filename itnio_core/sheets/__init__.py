"""sheets."""

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
