"""Formulas without a saved result are found wherever the sheet's XML is cut into blocks."""

from __future__ import annotations

import io

import openpyxl
import pytest

from itnio_core.sheets import SpreadsheetError, xlsx_parts


def workbook_with_one_formula_at(row: int, rows: int = 60) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "List"
    sheet.append(["Name", "Phone"])
    for r in range(2, rows + 2):
        phone = f'="4477"&"{r:05d}"' if r == row else f"4477{r:05d}"
        sheet.append([f"Person {r}", phone])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("chunk", [17, 40, 64, 100, 333, 4096, 2 * 1024 * 1024])
@pytest.mark.parametrize("row", [2, 31, 61])
def test_the_formula_is_found_however_the_xml_is_cut(monkeypatch, chunk: int, row: int) -> None:
    data = workbook_with_one_formula_at(row)
    sheet = xlsx_parts.xlsx_sheets(data)[0]
    monkeypatch.setattr(xlsx_parts, "FORMULA_CHUNK_BYTES", chunk)
    with pytest.raises(SpreadsheetError) as found:
        xlsx_parts.check_formulas(data, sheet, "script.xlsx")
    assert f"B{row}" in found.value.user_message


@pytest.mark.parametrize("chunk", [17, 100, 2 * 1024 * 1024])
def test_a_sheet_without_formulas_passes_in_any_blocks(monkeypatch, chunk: int) -> None:
    data = workbook_with_one_formula_at(row=0)
    monkeypatch.setattr(xlsx_parts, "FORMULA_CHUNK_BYTES", chunk)
    xlsx_parts.check_formulas(data, xlsx_parts.xlsx_sheets(data)[0], "list.xlsx")
