"""Hostile and broken uploads, generated at test time (issue 6 §5).

Nothing here is committed as a binary: every file is built from code, the big
ones once per test session (see ``tests/test_hostile_files.py``). Each case
says what a person should see: either the file is refused with one clear
message (``refused`` = the ``SpreadsheetError.code`` and words it must
contain), or it is readable and the list comes out as Excel shows it.

    for case in CASES:
        data = case.build()
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import openpyxl
import xlsxwriter

from tests.fixtures.messy_files import csv_bytes, encrypted_xlsx, xlsx_bytes

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
EXCEL_MAX_ROWS = 1_048_576  # rows in an Excel sheet, header included
MIB = 1024 * 1024

HYPERLINK = '=HYPERLINK("http://evil.example/x","Click me")'
DDE = "+cmd|' /C calc'!A0"
PHONES = ["919876543210", "919876543211", "919876543212"]


@dataclass(frozen=True)
class Case:
    """One hostile file and what the person must see for it."""

    key: str
    filename: str
    build: Callable[[], bytes]
    refused: str | None = None  # SpreadsheetError.code, or None when the file is readable
    words: tuple[str, ...] = ()  # in the English message: what is wrong and what to do
    big: bool = False  # slow to build or read: only through the core and one page
    mime: str = XLSX_MIME
    notes: dict[str, str] = field(default_factory=dict)


# ------------------------------------------------------------------ small, readable
def phone_list(*extra_rows: list[object]) -> list[list[object]]:
    return [["Name", "Phone"], ["Ann", PHONES[0]], ["Bob", PHONES[1]], *extra_rows]


def merged_cells() -> bytes:
    """A title merged across the top, then a list with a merged note column."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("List")
    sheet.merge_range("A1:C1", "Customers, May")
    sheet.write_row(2, 0, ["Name", "Phone", "Note"])
    for r, phone in enumerate(PHONES, start=3):
        sheet.write_string(r, 0, f"P{r}")
        sheet.write_string(r, 1, phone)
    sheet.merge_range("C4:C6", "VIP")  # one value over three rows: only C4 holds it
    book.close()
    return buffer.getvalue()


def formulas_with_cached_values() -> bytes:
    """Phone numbers built by formulas, as Excel saves them (with the value computed)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("List")
    sheet.write_row(0, 0, ["Name", "Phone", "Greeting"])
    for r, phone in enumerate(PHONES, start=1):
        sheet.write_string(r, 0, f"P{r}")
        sheet.write_formula(r, 1, f'="{phone[:6]}"&"{phone[6:]}"', None, phone)
        sheet.write_formula(r, 2, f'="Hi "&A{r + 1}', None, f"Hi P{r}")
    book.close()
    return buffer.getvalue()


def formulas_without_cached_values() -> bytes:
    """What a script (openpyxl) saves: formulas that nobody has calculated yet."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "List"
    sheet.append(["Name", "Phone"])
    for r, phone in enumerate(PHONES, start=2):
        sheet.append([f"P{r}", f'="{phone[:6]}"&"{phone[6:]}"'])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def hidden_sheets() -> bytes:
    """A hidden sheet of old numbers first, the real list on the visible sheet."""
    old = [["Phone"], ["447700900001"], ["447700900002"]]
    return xlsx_bytes({"Old": old, "List": phone_list()}, hidden=["Old"])


def only_hidden_has_data() -> bytes:
    return xlsx_bytes({"Cover": [], "Data": phone_list()}, hidden=["Data"])


def risky_text_cells() -> bytes:
    """=HYPERLINK(...) and +cmd|... typed as text, and a real HYPERLINK formula."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("List")
    sheet.write_row(0, 0, ["Name", "Phone", "Note"])
    sheet.write_string(1, 0, HYPERLINK)
    sheet.write_string(1, 1, PHONES[0])
    sheet.write_string(1, 2, DDE)
    sheet.write_string(2, 0, "@SUM(A1:A2)")
    sheet.write_string(2, 1, PHONES[1])
    sheet.write_formula(2, 2, HYPERLINK, None, "Click me")
    sheet.write_row(3, 0, ["Cy", DDE, "=1+1"])  # a "phone number" that is a DDE payload
    book.close()
    return buffer.getvalue()


def risky_text_csv() -> bytes:
    rows = [
        ["Name", "Phone", "Note"],
        [HYPERLINK, PHONES[0], DDE],
        ["-2+3", PHONES[1], "=1+1"],
        ["Cy", DDE, "@SUM(A1)"],  # a "phone number" that is a DDE payload
    ]
    return csv_bytes(rows)


def gbk_csv_with_bom() -> bytes:
    """Chinese Excel saves GBK; some tools then put a UTF-8 BOM in front of it."""
    rows = [["姓名", "手机号", "城市"], ["张三", PHONES[0], "北京"], ["李四", PHONES[1], "上海"]]
    return b"\xef\xbb\xbf" + csv_bytes(rows, encoding="gbk")


def gbk_csv() -> bytes:
    rows = [["姓名", "手机号"], ["张三", PHONES[0]], ["李四", PHONES[1]]]
    return csv_bytes(rows, encoding="gbk")


# ------------------------------------------------------------------ refused
def garbage(size: int = 64 * 1024, seed: int = 6) -> bytes:
    return random.Random(seed).randbytes(size)


def garbage_zip_header() -> bytes:
    return b"PK\x03\x04" + random.Random(7).randbytes(4096)


def zip_bomb_xlsx() -> bytes:
    """A real .xlsx shell whose sheet XML inflates to ~4 GB (declared honestly in the zip)."""
    return _bomb(declared=None)


def lying_zip_bomb_xlsx() -> bytes:
    """The same bomb, its headers claiming the sheet is 10 kB: only inflating it tells."""
    return _bomb(declared=10_000, inflated=512 * MIB)


_SHELL = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns='
        '"http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Phone</t>'
    b"</is></c></row>"
)
_SHEET_TAIL = b"</sheetData></worksheet>"


def _bomb(declared: int | None, inflated: int = 4 * 1024 * MIB) -> bytes:
    """Valid sheet XML padded with gigabytes of spaces, deflated about 1000:1.

    Deflating 4 GB takes a minute, so one 16 MB block of spaces is deflated once and its
    bytes repeated: after a full flush a deflate block refers to nothing before it, so
    the copies form one valid stream. The CRC is computed for real.
    """
    chunk = b" " * (16 * MIB)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _SHELL.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(_SHEET_HEAD)
            _write_deflated(member, b"", zlib.Z_FULL_FLUSH)
            for _ in range(inflated // len(chunk)):
                _write_deflated(member, chunk, block)
            member.write(_SHEET_TAIL)
    data = buffer.getvalue()
    return data if declared is None else _lie_about_size(data, "xl/worksheets/sheet1.xml", declared)


def _write_deflated(member: Any, plain: bytes, packed: bytes | int) -> None:
    """Append already-deflated bytes to a zipfile member being written (test-only trick:
    the attributes are zipfile's own bookkeeping). ``packed`` as an int flushes instead."""
    if isinstance(packed, int):
        packed = member._compressor.flush(packed)
    member._fileobj.write(packed)
    member._compress_size += len(packed)
    member._file_size += len(plain)
    member._crc = zlib.crc32(plain, member._crc)


def _lie_about_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size of ``member`` in its zip64 extra fields and headers."""
    out = bytearray(data)
    name = member.encode()
    for signature, size_at, name_len_at, extra_len_at, header_len in (
        (b"PK\x03\x04", 22, 26, 28, 30),
        (b"PK\x01\x02", 24, 28, 30, 46),
    ):
        start = out.find(signature + b"", 0)
        while start != -1:
            name_len = struct.unpack_from("<H", out, start + name_len_at)[0]
            extra_len = struct.unpack_from("<H", out, start + extra_len_at)[0]
            name_at = start + header_len
            if bytes(out[name_at : name_at + name_len]) == name:
                if struct.unpack_from("<I", out, start + size_at)[0] != 0xFFFFFFFF:
                    struct.pack_into("<I", out, start + size_at, size)
                _patch_zip64(out, name_at + name_len, extra_len, size)
            start = out.find(signature, start + 4)
    return bytes(out)


def _patch_zip64(out: bytearray, extra_at: int, extra_len: int, size: int) -> None:
    position = extra_at
    while position + 4 <= extra_at + extra_len:
        tag, length = struct.unpack_from("<HH", out, position)
        if tag == 0x0001 and length >= 8:
            struct.pack_into("<Q", out, position + 4, size)  # uncompressed size comes first
        position += 4 + length


def encrypted_workbook() -> bytes:
    """A real password-protected workbook: Office's OLE2 container with an EncryptedPackage."""
    return encrypted_xlsx(xlsx_bytes({"List": phone_list()}), password="hunter2")


# ------------------------------------------------------------------ big
def excel_max_rows_xlsx(rows: int = EXCEL_MAX_ROWS) -> bytes:
    """Every row Excel allows: a header and 1,048,575 numbers, sheet XML written directly."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _SHELL.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(
                _SHEET_HEAD.replace(
                    b"<sheetData>", f'<dimension ref="A1:A{rows}"/><sheetData>'.encode()
                )
            )
            base = 919_800_000_000
            step = 50_000
            for start in range(2, rows + 1, step):
                end = min(start + step, rows + 1)
                member.write(
                    "".join(
                        f'<row r="{r}"><c r="A{r}"><v>{base + r}</v></c></row>'
                        for r in range(start, end)
                    ).encode()
                )
            member.write(_SHEET_TAIL)
    return buffer.getvalue()


def csv_of_size(size: int) -> bytes:
    """A valid phone list of exactly ``size`` bytes (long notes fill each row)."""
    header = b"Name,Phone,Note\r\n"
    row_bytes = 64
    rows = (size - len(header)) // row_bytes
    body = bytearray(header)
    for i in range(rows):
        line = f"P{i},9198{i:08d},".encode()
        body += line + b"x" * (row_bytes - len(line) - 2) + b"\r\n"
    body += b"y" * (size - len(body))  # the last row's note takes what is left
    return bytes(body)


def over_limit_csv() -> bytes:
    """One byte over the 50 MB upload limit."""
    return csv_of_size(50 * MIB + 1)


def at_limit_csv() -> bytes:
    """Exactly 50 MB: the largest file the upload box takes."""
    return csv_of_size(50 * MIB)


CASES: tuple[Case, ...] = (
    Case("empty_xlsx", "empty.xlsx", lambda: b"", "empty_file", ("empty", "again")),
    Case("empty_csv", "empty.csv", lambda: b"", "empty_file", ("empty", "again"), mime=CSV_MIME),
    Case(
        "header_only",
        "header.xlsx",
        lambda: xlsx_bytes({"List": [["Name", "Phone"]]}),
        "header_only",
        ("row 1", "no rows of data", "Add the recipients"),
    ),
    Case("merged", "merged.xlsx", merged_cells),
    Case("formulas", "formulas.xlsx", formulas_with_cached_values),
    Case(
        "formulas_uncalculated",
        "script.xlsx",
        formulas_without_cached_values,
        "uncalculated",
        ("formula", "B2", "Excel", "save"),
    ),
    Case("hidden_sheets", "hidden.xlsx", hidden_sheets),
    Case(
        "only_hidden_has_data",
        "hidden2.xlsx",
        only_hidden_has_data,
        "empty_sheet",
        ("Cover", "Data", "pick"),
    ),
    Case("zip_bomb", "bomb.xlsx", zip_bomb_xlsx, "zip_bomb", ("expands", "4,096 MB", "Save")),
    Case(
        "lying_zip_bomb",
        "liar.xlsx",
        lying_zip_bomb_xlsx,
        "unreadable",  # readers stop at the size the zip declares: to them it is damaged
        ("damaged", "save it again"),
    ),
    Case("gbk_bom_csv", "名单.csv", gbk_csv_with_bom, mime=CSV_MIME),
    Case("gbk_csv", "gbk.csv", gbk_csv, mime=CSV_MIME),
    Case("garbage_xlsx", "list.xlsx", garbage, "not_spreadsheet", ("not a spreadsheet", ".xlsx")),
    Case(
        "garbage_zip_xlsx",
        "list.xlsx",
        garbage_zip_header,
        "unreadable",
        ("damaged", "save it again"),
    ),
    Case(
        "encrypted",
        "locked.xlsx",
        encrypted_workbook,
        "encrypted",
        ("password", "remove the password"),
    ),
    Case("risky_cells_xlsx", "risky.xlsx", risky_text_cells),
    Case("risky_cells_csv", "risky.csv", risky_text_csv, mime=CSV_MIME),
    Case("excel_max_rows", "max.xlsx", excel_max_rows_xlsx, big=True),
    Case("at_limit_50mb", "fifty.csv", at_limit_csv, big=True, mime=CSV_MIME),
    Case(
        "over_limit_50mb",
        "huge.csv",
        over_limit_csv,
        "too_big",
        ("just over 50 MB", "limit is 50 MB", "Split"),
        big=True,
        mime=CSV_MIME,
    ),
)
BY_KEY = {case.key: case for case in CASES}
