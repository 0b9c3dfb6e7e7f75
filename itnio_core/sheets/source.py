"""The person's own upload read back whole: every sheet's cells from A1, for result workbooks.

Results go back as the person's own workbook with columns added, so every sheet is read
again as it was (not only the sheet that held the phone numbers).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from python_calamine import CalamineWorkbook

from .readers import sniff_delimiter
from .sniff import detect_text_encoding, sample_text, without_stray_bom


def source_grids(data: bytes, filename: str) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet as rows of cell values from A1, in workbook order."""
    if filename.lower().endswith((".csv", ".tsv", ".txt")):
        return [("Sheet1", csv_grid(data))]
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [
        (name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
        for name in book.sheet_names
    ]


def csv_grid(data: bytes) -> list[list[str]]:
    """CSV rows decoded as the upload was read (``spreadsheets.read_table``).

    The same encoding, stray-BOM and separator rules, so a GBK file saved with a
    UTF-8 BOM keeps its first header, and the rows line up with the stored verdicts.
    """
    encoding, errors = detect_text_encoding(data)
    data = without_stray_bom(data, encoding)
    delimiter, _ = sniff_delimiter(sample_text(data, encoding))
    text = data.decode(encoding, errors=errors)
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
