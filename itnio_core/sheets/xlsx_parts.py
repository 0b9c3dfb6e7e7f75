"""What an .xlsx holds, read from its zip parts without parsing the cells.

The Rust reader keeps a sheet as a dense grid from its first to its last
cell, so one stray value at XFD1048576 would ask for 17 billion cells. The
sheet's ``<dimension>`` (which Excel keeps up to date) says how big the grid
is; only when it is missing or huge are the cell references scanned, and a
sheet whose values really spread that far is refused with the cell to delete.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass

from .errors import SpreadsheetError
from .table import column_letter

FORMULA_CHUNK_BYTES = 1024 * 1024  # of the sheet's XML at a time, looking for formulas
MAX_GRID_CELLS = 20_000_000  # ~0.6 GB in the reader; far more than a 50 MB file holds
_MAX_PART_BYTES = 5 * 1024 * 1024
_NOT_WORKSHEETS = ("chartsheets/", "dialogsheets/", "macrosheets/")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
# A formula cell with no saved result: programs such as openpyxl write these; Excel never
# does. Excel writes a formula whose result is "" as t="str" with an empty <v>.
_FORMULA_CELL = re.compile(
    rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)\s*"
    rb"(<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_REF = re.compile(rb'\br="([A-Z]{1,3}\d{1,7})"')
_CELL = re.compile(rb'<(?:\w+:)?c\s+r="([A-Z]{1,3})(\d{1,7})"[^>]*?(/?)>')


@dataclass(frozen=True)
class XlsxSheet:
    name: str
    visible: bool
    path: str  # the worksheet part inside the zip, e.g. "xl/worksheets/sheet1.xml"


def column_number(letters: bytes | str) -> int:
    """ "A" -> 1, "XFD" -> 16384."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    number = 0
    for ch in text:
        number = number * 26 + ord(ch) - ord("A") + 1
    return number


def xlsx_sheets(data: bytes) -> list[XlsxSheet]:
    """Worksheets in workbook order; tags matched by local name so Strict OOXML works too."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    workbook = ElementTree.fromstring(_read_part(archive, "xl/workbook.xml"))
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        rels = ElementTree.fromstring(_read_part(archive, "xl/_rels/workbook.xml.rels"))
        targets = {
            rel.get("Id", ""): rel.get("Target", "")
            for rel in rels.iter()
            if _local(rel.tag) == "Relationship"
        }
    sheets = []
    for sheet in workbook.iter():
        if _local(sheet.tag) != "sheet":
            continue
        rel_id = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), "")
        target = targets.get(rel_id, "")
        if any(kind in target for kind in _NOT_WORKSHEETS):
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        visible = sheet.get("state", "visible") == "visible"
        sheets.append(XlsxSheet(sheet.get("name", ""), visible, posixpath.normpath(path)))
    return sheets


def check_extent(data: bytes, sheet: XlsxSheet, name: str) -> None:
    """Refuse a sheet whose cells spread over an absurd grid, naming the farthest cell."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    if sheet.path not in archive.namelist():
        return  # the reader will say what is wrong
    with archive.open(sheet.path) as stream:
        head = stream.read(64 * 1024)
    found = _DIMENSION.search(head)
    if found and found.group(3):
        rows = int(found.group(4))
        columns = column_number(found.group(3)) - column_number(found.group(1)) + 1
        if rows * columns <= MAX_GRID_CELLS:
            return
    rows, column, first_column = _scan_cells(archive, sheet.path)
    if rows * (column - first_column + 1) > MAX_GRID_CELLS:
        cell = f"{column_letter(column - 1)}{rows}"
        raise SpreadsheetError("far_cell", name=name, sheet=sheet.name, cell=cell)


def check_formulas(data: bytes, sheet: XlsxSheet, name: str) -> None:
    """Refuse a sheet with formulas that have no saved result, naming the first such cell.

    fastexcel would read them as empty cells, and "empty phone number" on every row is
    no help. Streams the sheet part once, a block of whole rows at a time (a cell never
    straddles two blocks); only blocks that hold a formula are searched.
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    if sheet.path not in archive.namelist():
        return
    carry = b""
    with archive.open(sheet.path) as stream:
        while chunk := stream.read(FORMULA_CHUNK_BYTES):
            block = carry + chunk
            cut = _last_row_end(block)
            cell = _uncalculated(block, cut)  # searched in place: no copy of the block
            if cell is not None:
                raise SpreadsheetError("uncalculated", name=name, sheet=sheet.name, cell=cell)
            carry = block[cut:]
    cell = _uncalculated(carry, len(carry))
    if cell is not None:
        raise SpreadsheetError("uncalculated", name=name, sheet=sheet.name, cell=cell)


def _last_row_end(block: bytes) -> int:
    """Where the last complete row of ``block`` ends; 0 when none does yet (the block is
    carried on whole until one does)."""
    ends = [block.rfind(tag) + len(tag) for tag in (b"</row>", b":row>") if tag in block]
    return max(ends, default=0)


def _uncalculated(block: bytes, end: int) -> str | None:
    """The reference of the first formula cell in ``block[:end]`` without a result, else
    None."""
    if all(block.find(tag, 0, end) < 0 for tag in (b"f>", b"<f ", b":f ")):
        return None
    for found in _FORMULA_CELL.finditer(block, 0, end):
        attributes, empty_value = found.group(1), found.group(2)
        if empty_value is not None and b't="str"' in attributes:
            continue  # a formula whose result is the empty text ""
        ref = _REF.search(attributes)
        return ref.group(1).decode() if ref else "(unknown)"
    return None


def _scan_cells(archive: zipfile.ZipFile, path: str) -> tuple[int, int, int]:
    """(last row, last column, first column) of the cells that hold something."""
    last_row, last_column, first_column = 1, 1, 16384
    carry = b""
    with archive.open(path) as stream:
        while chunk := stream.read(8 * 1024 * 1024):
            block = carry + chunk
            cut = block.rfind(b"<")
            block, carry = block[:cut], block[cut:]
            for letters, row, empty in _CELL.findall(block):
                if empty:
                    continue  # a formatted cell with no value
                column = column_number(letters)
                last_row = max(last_row, int(row))
                last_column = max(last_column, column)
                first_column = min(first_column, column)
    return last_row, last_column, min(first_column, last_column)


def _read_part(archive: zipfile.ZipFile, part: str) -> bytes:
    if archive.getinfo(part).file_size > _MAX_PART_BYTES:
        raise ValueError(f"{part} is too large")
    return archive.read(part)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
