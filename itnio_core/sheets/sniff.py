"""What kind of file an upload really is, decided from its bytes.

The extension only says the person meant a spreadsheet; the magic bytes say
which reader to use. Encrypted workbooks and zip bombs are refused here,
before any parser sees them.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import PurePath

from ..common import chunked
from .errors import SpreadsheetError

EXCEL_EXTENSIONS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}
TEXT_EXTENSIONS = {".csv", ".tsv", ".txt"}

MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
MAX_MEMBER_RATIO = 200
RATIO_CHECK_MIN_BYTES = 1024 * 1024

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"
_ENCRYPTION_STREAMS = tuple(
    name.encode("utf-16-le") for name in ("EncryptionInfo", "EncryptedPackage")
)
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

# (magic prefix, English description, Chinese description) of common non-spreadsheets.
_OTHER_FILES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "a PDF document", "PDF 文档"),
    (b"\x89PNG", "a PNG image", "PNG 图片"),
    (b"\xff\xd8\xff", "a JPEG image", "JPEG 图片"),
    (b"GIF8", "a GIF image", "GIF 图片"),
    (b"Rar!", "a RAR archive", "RAR 压缩包"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "7-Zip 压缩包"),
    (b"\x1f\x8b", "a gzip archive", "gzip 压缩包"),
)


def display_name(filename: str) -> str:
    return PurePath(filename or "upload").name or "upload"


def detect_format(data: bytes, filename: str) -> str:
    """Return "xlsx", "xls", "ods" or "csv", or raise a SpreadsheetError."""
    name = display_name(filename)
    ext = PurePath(name).suffix.lower()
    if ext == ".xlsb":
        raise SpreadsheetError("xlsb", name=name)
    if ext not in EXCEL_EXTENSIONS and ext not in TEXT_EXTENSIONS:
        raise SpreadsheetError("unsupported_type", name=name)
    if data.startswith(ZIP_MAGIC):
        return _zip_format(data, name)
    if data.startswith(OLE_MAGIC):
        if any(stream in data for stream in _ENCRYPTION_STREAMS):
            raise SpreadsheetError("encrypted", name=name)
        return "xls"
    _refuse_known_binaries(data, name)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        raise SpreadsheetError("web_page", name=name)
    if _looks_binary(data[:65536]):
        code = "not_text" if ext in TEXT_EXTENSIONS else "not_spreadsheet"
        raise SpreadsheetError(code, name=name)
    return "csv"  # text saved with a spreadsheet name is still a readable list


def _refuse_known_binaries(data: bytes, name: str) -> None:
    for magic, english, chinese in _OTHER_FILES:
        if data.startswith(magic):
            raise SpreadsheetError(
                "not_spreadsheet",
                name=name,
                what=f" (it is {english})",
                what_zh=f"（它是{chinese}）",
            )


def _looks_binary(sample: bytes) -> bool:
    """Text has no NUL bytes, except UTF-16 which has them in every other byte."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(sample) is not None:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return controls > len(sample) // 100


def _zip_format(data: bytes, name: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as exc:  # zipfile raises several types for a damaged archive
        raise SpreadsheetError("unreadable", name=name, kind="a spreadsheet") from exc
    check_zip_sizes(members, name)
    names = {member.filename for member in members}
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names:
            raise SpreadsheetError("xlsb", name=name)
        return "xlsx"
    if "mimetype" in names and _member_head(archive, "mimetype").strip() == _ODS_MIMETYPE:
        return "ods"
    what, what_zh = " (it is a zip archive)", "（它是 zip 压缩包）"
    if "word/document.xml" in names:
        what, what_zh = " (it is a Word document)", "（它是 Word 文档）"
    elif "ppt/presentation.xml" in names:
        what, what_zh = " (it is a PowerPoint file)", "（它是 PowerPoint 文件）"
    raise SpreadsheetError("not_spreadsheet", name=name, what=what, what_zh=what_zh)


def _member_head(archive: zipfile.ZipFile, member: str) -> bytes:
    try:
        with archive.open(member) as stream:
            return stream.read(256)
    except Exception:  # zipfile raises several types for a damaged part
        return b""  # a damaged part: the reader will say the file cannot be read


def check_zip_sizes(members: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse archives whose declared expansion is absurd for a list."""
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        size = f"{total / 1024 / 1024:,.0f} MB"
        raise SpreadsheetError(
            "zip_bomb", name=name, detail=f"{size} uncompressed", detail_zh=f"解压后 {size}"
        )
    for member in members:
        if member.file_size <= RATIO_CHECK_MIN_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_MEMBER_RATIO:
            raise SpreadsheetError(
                "zip_bomb",
                name=name,
                detail=f"{member.filename} compresses {ratio:,.0f} to 1",
                detail_zh=f"{member.filename} 的压缩比为 {ratio:,.0f}:1",
            )


# ------------------------------------------------------------------ CSV text
def detect_encoding(data: bytes) -> str:
    """The encoding of CSV bytes, found without asking the person."""
    return detect_text_encoding(data)[0]


def detect_text_encoding(data: bytes) -> tuple[str, str]:
    """(encoding, errors) of CSV bytes, found without asking the person.

    BOMs first, then BOM-less UTF-16, then UTF-8, GB18030 (a superset of the
    GBK that Chinese Excel saves) and Windows-1252, the first that decodes
    every byte. ``errors`` is "strict" when one does (pandas then reads about
    15x faster), else "replace". Some tools put a UTF-8 BOM in front of GBK
    text: then the bytes after the BOM decide (see ``without_stray_bom``).
    """
    body = data
    candidates: tuple[str, ...]
    if data.startswith(UTF8_BOM):
        if _decodes(data, "utf-8-sig"):
            return "utf-8-sig", "strict"
        if _mostly_utf8(data[:65536]):
            return "utf-8-sig", "replace"  # UTF-8 with a few damaged bytes
        body, candidates = data[len(UTF8_BOM) :], ("gb18030", "cp1252")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        utf16 = _utf16_without_bom(data[:4096])
        candidates = (utf16,) if utf16 else ("utf-8", "gb18030", "cp1252")
    for encoding in candidates:
        if _decodes(body, encoding):
            return encoding, "strict"
    return candidates[-1], "replace"


def _mostly_utf8(sample: bytes) -> bool:
    """At most 1 in 100 non-ASCII characters is broken; GBK read as UTF-8 breaks nearly all."""
    text = sample.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    foreign = sum(1 for ch in text if ord(ch) > 127)
    return broken <= max(1, foreign // 100)


def without_stray_bom(data: bytes, encoding: str) -> bytes:
    """The text bytes without a UTF-8 BOM that does not belong to ``encoding``.

    GB18030 would read the BOM as the character 锘 and shift the next one.
    """
    if data.startswith(UTF8_BOM) and encoding.replace("_", "-").lower() != "utf-8-sig":
        return data[len(UTF8_BOM) :]
    return data


def _decodes(data: bytes, encoding: str, chunk: int = 1 << 20) -> bool:
    """Validate in chunks so a 50 MB file never becomes a 200 MB str."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        for part in chunked(data, chunk):
            decoder.decode(part, final=False)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sample_text(data: bytes, encoding: str, size: int = 65536) -> str:
    """The first ``size`` bytes as text, for sniffing the separator and header."""
    return data[:size].decode(encoding, errors="ignore")


def _utf16_without_bom(sample: bytes) -> str | None:
    """Mostly-ASCII UTF-16 has a NUL in every other byte."""
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even_nuls = sample[0 : pairs * 2 : 2].count(0)
    odd_nuls = sample[1 : pairs * 2 : 2].count(0)
    if odd_nuls > pairs * 0.6 and even_nuls < pairs * 0.1:
        return "utf-16-le"
    if even_nuls > pairs * 0.6 and odd_nuls < pairs * 0.1:
        return "utf-16-be"
    return None
