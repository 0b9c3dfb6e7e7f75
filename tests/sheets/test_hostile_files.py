"""Hostile and broken uploads through the core readers (issue 6 §5).

Every file in ``tests/hostile`` either comes back as a list, read as Excel
shows it, or is refused with one ``SpreadsheetError`` that says what is wrong
and what to do, in English and Chinese. Never a library's exception.
"""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from itnio_core.campaigns import flow as campaign_flow
from itnio_core.common.errors import InvalidInputError
from itnio_core.reports import input as report_input
from itnio_core.sheets.read import MAX_ROWS, SpreadsheetError, read_table, sheet_names
from itnio_core.sheets.sniff import MAX_UNCOMPRESSED_BYTES
from itnio_core.sheets.source import source_grids
from tests.fixtures.hostile import BY_KEY, CASES, DDE, EXCEL_MAX_ROWS, HYPERLINK, PHONES
from tests.fixtures.messy_files import xlsx_bytes

LIBRARY_WORDS = ("Traceback", "Exception", "zipfile", "fastexcel", "calamine", "pandas", "Errno")
REFUSED = [case for case in CASES if case.refused]
READABLE = [case for case in CASES if not case.refused]


def ids(cases):
    return [case.key for case in cases]


def assert_plain(error: InvalidInputError) -> None:
    """A message for a person: English and Chinese, no library's words."""
    assert error.user_message and error.message_zh and error.message_zh != error.user_message
    for text in (error.user_message, error.message_zh):
        assert not any(word in text for word in LIBRARY_WORDS), text
        assert "{" not in text, f"a placeholder was left unfilled: {text}"


# ------------------------------------------------------------------ refused
@pytest.mark.parametrize("case", REFUSED, ids=ids(REFUSED))
def test_a_broken_file_is_refused_with_what_to_do(case, hostile_files):
    data = hostile_files(case.key)
    with pytest.raises(SpreadsheetError) as caught:
        campaign_flow.load_upload(data, case.filename)
    error = caught.value
    assert error.code == case.refused, error.user_message
    assert case.filename in error.user_message and case.filename in error.message_zh
    for words in case.words:
        assert words.lower() in error.user_message.lower(), (words, error.user_message)
    assert error.field == "file"
    assert_plain(error)


@pytest.mark.parametrize(
    "case",
    [c for c in REFUSED if c.refused not in {"empty_sheet", "header_only", "uncalculated"}
     and c.key != "lying_zip_bomb"],
    ids=lambda c: c.key,
)  # fmt: skip
def test_a_broken_file_is_refused_before_the_sheet_picker(case, hostile_files):
    """File-level problems already stop ``sheet_names``, which every page calls first
    (the lying zip bomb only shows when its sheet is read)."""
    with pytest.raises(SpreadsheetError) as caught:
        sheet_names(hostile_files(case.key), case.filename)
    assert caught.value.code == case.refused


def test_the_zip_bomb_really_inflates_to_gigabytes(hostile_files):
    data = hostile_files("zip_bomb")
    sheet = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size >= 4 * 1024**3 > MAX_UNCOMPRESSED_BYTES
    assert sheet.file_size / len(data) > 900


def test_a_zip_bomb_that_lies_about_its_size_is_only_read_as_far_as_it_claims(hostile_files):
    """Readers stop at the declared size, so the lie shows up as a damaged file."""
    data = hostile_files("lying_zip_bomb")
    sheet = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size == 10_000 and sheet.compress_size > 500_000
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, "liar.xlsx")
    assert caught.value.code == "unreadable"


def test_the_password_protected_workbook_is_a_real_office_encrypted_package(hostile_files):
    data = hostile_files("encrypted")
    assert data.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))
    assert "EncryptedPackage".encode("utf-16-le") in data


def test_uncalculated_formula_message_in_chinese(hostile_files):
    with pytest.raises(SpreadsheetError) as caught:
        read_table(hostile_files("formulas_uncalculated"), "script.xlsx")
    assert "B2" in caught.value.message_zh and "Excel" in caught.value.message_zh


# ------------------------------------------------------------------ readable
def load(key: str, hostile_files) -> campaign_flow.Upload:
    case = BY_KEY[key]
    return campaign_flow.load_upload(hostile_files(key), case.filename)


def column(upload: campaign_flow.Upload, name: str) -> list[str]:
    return upload.table.frame[name].tolist()


def test_merged_cells_give_their_value_once_and_the_header_below_the_title(hostile_files):
    upload = load("merged", hostile_files)
    assert upload.table.header_row == 3 and upload.phone_column == "Phone"
    assert column(upload, "Phone") == PHONES
    assert column(upload, "Note") == ["VIP", "", ""]  # a merged cell's value is in its first cell
    assert upload.table.excel_rows.tolist() == [4, 5, 6]


def test_formulas_give_the_values_excel_saved(hostile_files):
    upload = load("formulas", hostile_files)
    assert column(upload, "Phone") == PHONES
    assert column(upload, "Greeting") == ["Hi P1", "Hi P2", "Hi P3"]


def test_hidden_sheets_come_after_the_visible_ones_and_are_not_read_by_default(hostile_files):
    data = hostile_files("hidden_sheets")
    assert sheet_names(data, "hidden.xlsx") == ["List", "Old"]
    upload = load("hidden_sheets", hostile_files)
    assert upload.table.sheet == "List" and column(upload, "Phone") == PHONES[:2]
    hidden = campaign_flow.load_upload(data, "hidden.xlsx", sheet="Old")
    assert column(hidden, "Phone") == ["447700900001", "447700900002"]


@pytest.mark.parametrize("key", ["gbk_bom_csv", "gbk_csv"])
def test_gbk_csv_keeps_its_chinese_with_or_without_a_bom(key, hostile_files):
    upload = load(key, hostile_files)
    assert upload.table.columns[:2] == ["姓名", "手机号"]
    assert upload.phone_column == "手机号"
    assert column(upload, "姓名") == ["张三", "李四"]
    assert upload.table.encoding == "gb18030"


@pytest.mark.parametrize("key", ["risky_cells_xlsx", "risky_cells_csv"])
def test_formula_text_is_read_as_plain_text(key, hostile_files):
    upload = load(key, hostile_files)
    assert column(upload, "Name")[0] == HYPERLINK
    assert column(upload, "Note")[0] == DDE
    assert column(upload, "Phone") == [PHONES[0], PHONES[1], DDE]


@pytest.mark.parametrize("key", ["risky_cells_xlsx", "risky_cells_csv"])
def test_formula_text_is_never_written_back_as_a_formula(key, hostile_files, store):
    upload = load(key, hostile_files)
    checked = campaign_flow.check_upload(store, upload)
    assert checked.verdicts.frame["verdict"].tolist()[-1] == "invalid"  # the DDE "number"
    book = openpyxl.load_workbook(io.BytesIO(campaign_flow.verdicts_file(checked, ".xlsx")))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value is not None]
    assert DDE in [cell.value for cell in cells]
    assert all(cell.data_type != "f" for cell in cells)
    text = campaign_flow.verdicts_file(checked, ".csv").decode("utf-8-sig")
    written = [value for row in csv.reader(io.StringIO(text)) for value in row]
    assert "'" + DDE in written and DDE not in written


def test_the_results_workbook_reads_a_real_hyperlink_formula_as_its_value(hostile_files):
    """The campaign results workbook copies the person's sheet: the cached text, no formula."""
    (_, grid), *_ = source_grids(hostile_files("risky_cells_xlsx"), "risky.xlsx")
    assert grid[1][0] == HYPERLINK and grid[2][2] == "Click me"


def test_excel_s_largest_sheet_is_read_whole(hostile_files):
    upload = load("excel_max_rows", hostile_files)
    assert len(upload.table.frame) == EXCEL_MAX_ROWS - 1 <= MAX_ROWS
    assert upload.phone_column == "Phone"
    assert upload.table.excel_rows[-1] == EXCEL_MAX_ROWS


def test_a_50_mb_csv_is_the_largest_file_taken(hostile_files):
    data = hostile_files("at_limit_50mb")
    assert len(data) == 50 * 1024 * 1024
    upload = campaign_flow.load_upload(data, "fifty.csv")
    assert upload.phone_column == "Phone" and len(upload.table.frame) > 800_000


# ------------------------------------------------------------------ message ids
SHEET_LEVEL = {"empty_sheet"}  # another sheet of the file may still be read


@pytest.mark.parametrize(
    "case", [c for c in REFUSED if c.refused not in SHEET_LEVEL], ids=lambda c: c.key
)
def test_a_message_id_file_gives_the_same_reason(case, hostile_files):
    """Delivery reports look at every sheet; a file none of whose sheets can be read is
    refused for its own reason, not "no column of message IDs"."""
    with pytest.raises(SpreadsheetError) as caught:
        report_input.ids_from_file(hostile_files(case.key), case.filename)
    assert caught.value.code == case.refused
    assert_plain(caught.value)


def test_a_message_id_file_whose_sheets_are_all_empty():
    data = xlsx_bytes({"A": [], "B": [[None]]})
    with pytest.raises(SpreadsheetError) as caught:
        report_input.ids_from_file(data, "blank.xlsx")
    assert caught.value.code in {"no_sheets", "empty_sheet"}
    assert "pick one" not in caught.value.user_message


def test_a_message_id_file_with_a_hidden_sheet_of_phone_numbers(hostile_files):
    with pytest.raises(InvalidInputError) as caught:
        report_input.ids_from_file(hostile_files("only_hidden_has_data"), "hidden2.xlsx")
    assert "No column of message IDs" in caught.value.user_message
    assert "Cover, Data" in caught.value.user_message
