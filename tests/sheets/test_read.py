"""Reading uploads: every format, the messy layouts people make, and every bad file."""

from __future__ import annotations

import collections
import datetime as dt
import io
import pickle
import random
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from itnio_core.common.errors import InvalidInputError
from itnio_core.sheets import read as spreadsheets
from itnio_core.sheets.phone_column import header_strength, looks_like_phone, phone_mask
from itnio_core.sheets.read import (
    SpreadsheetError,
    content_hash,
    detect_phone_column,
    read_table,
    require_phone_column,
    sheet_names,
)
from itnio_core.sheets.sniff import check_zip_sizes
from tests.fixtures.messy_files import (
    csv_bytes,
    encrypted_xlsx,
    fake_encrypted_ole,
    ods_bytes,
    openpyxl_bytes,
    word_document,
    xls_bytes,
    xlsx_bytes,
    xlsx_with_formulas_and_merges,
    zip_bomb,
)

PEOPLE = [
    ["Name", "Phone", "Joined", "VIP", "Spend"],
    ["Ann", 919876543210, dt.date(2024, 1, 2), True, 12.5],
    ["  Bob ", "+91 98765-43210", None, False, 3],
]


def rows(table: spreadsheets.Table) -> list[list[str]]:
    return [list(map(str, row)) for row in table.frame.to_numpy().tolist()]


def refused(data: bytes, filename: str, sheet: str | None = None) -> SpreadsheetError:
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, filename, sheet)
    assert isinstance(caught.value, InvalidInputError)
    assert caught.value.user_message and caught.value.message_zh != caught.value.user_message
    return caught.value


# ------------------------------------------------------------------ each format
def test_xlsx_values_become_the_text_people_see():
    table = read_table(xlsx_bytes({"People": PEOPLE}), "list.xlsx")
    assert table.sheet == "People"
    assert table.source_format == "xlsx"
    assert table.columns == ["Name", "Phone", "Joined", "VIP", "Spend"]
    assert table.column_letters == ["A", "B", "C", "D", "E"]
    assert table.header_row == 1
    assert table.excel_rows.tolist() == [2, 3]
    assert rows(table) == [
        ["Ann", "919876543210", "2024-01-02", "TRUE", "12.5"],
        ["Bob", "+91 98765-43210", "", "FALSE", "3"],
    ]
    assert all(str(dtype) == "str" for dtype in table.frame.dtypes)
    assert (table.encoding, table.delimiter) == (None, None)


def test_xls_is_read_with_numbers_and_dates_as_text():
    data = xls_bytes([["Title"], [], [None, "Name", "Phone"], [None, "Ann", 919876543210.0]])
    table = read_table(data, "old.xls")
    assert table.source_format == "xls"
    assert table.header_row == 3
    assert table.column_letters == ["B", "C"]
    assert table.excel_rows.tolist() == [4]
    assert rows(table) == [["Ann", "919876543210"]]


def test_xls_dates():
    table = read_table(xls_bytes([["Phone", "When"], ["9876543210", dt.date(2024, 5, 6)]]), "a.xls")
    assert rows(table) == [["9876543210", "2024-05-06"]]


def test_ods_with_title_and_blank_rows():
    data = ods_bytes(
        {
            "Calc": [
                ["Campaign list"],
                [],
                ["Name", "Phone", "OK"],
                ["Ann", 919876543210, True],
                [None, None],
                ["Bob", "9.19877E+11", False],
            ]
        }
    )
    table = read_table(data, "calc.ods")
    assert table.source_format == "ods"
    assert sheet_names(data, "calc.ods") == ["Calc"]
    assert table.header_row == 3
    assert table.excel_rows.tolist() == [4, 6]
    assert rows(table) == [["Ann", "919876543210", "TRUE"], ["Bob", "9.19877E+11", "FALSE"]]


# ------------------------------------------------------------------ CSV
@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("gbk", b"", "gb18030"),
    ],
)
def test_csv_encodings_are_detected(encoding, prefix, expected):
    data = prefix + csv_bytes(
        [["手机号", "姓名"], ["13800138000", "张伟"], ["+86 139 0013 9000", "李娜"]],
        encoding=encoding,
    )
    table = read_table(data, "名单.csv")
    assert table.encoding == expected
    assert table.columns == ["手机号", "姓名"]
    assert rows(table) == [["13800138000", "张伟"], ["+86 139 0013 9000", "李娜"]]
    assert table.excel_rows.tolist() == [2, 3]
    assert detect_phone_column(table) == "手机号"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_separators_are_detected(delimiter):
    data = csv_bytes(
        [["Name", "Mobile", "Address"], ["Ann", "9876543210", "12, Main St; Pune"]],
        delimiter=delimiter,
    )
    table = read_table(data, "list.csv")
    assert table.delimiter == delimiter
    assert table.source_format == "csv"
    assert rows(table) == [["Ann", "9876543210", "12, Main St; Pune"]]


def test_csv_keeps_scientific_text_and_leading_zeros_as_written():
    data = csv_bytes([["Phone", "Code"], ["9.19877E+11", "007"], ["919876543210", "010"]])
    table = read_table(data, "sci.csv")
    assert rows(table) == [["9.19877E+11", "007"], ["919876543210", "010"]]


def test_csv_row_numbers_count_records_blank_lines_and_title():
    text = (
        "Customer list March\r\n"
        "\r\n"
        'Name,Phone,Note\r\n"Ann",9876543210,"two\nlines"\r\n'
        ",,\r\n"
        "Bob,9876543211,x,extra-field\r\n"
    )
    table = read_table(text.encode(), "messy.csv")
    assert table.header_row == 3
    assert table.excel_rows.tolist() == [4, 6]
    assert table.columns == ["Name", "Phone", "Note", "D"]
    assert rows(table) == [
        ["Ann", "9876543210", "two\nlines", ""],
        ["Bob", "9876543211", "x", "extra-field"],
    ]


def test_csv_sheet_name_is_the_file_stem():
    data = csv_bytes([["Phone"], ["9876543210"]])
    assert sheet_names(data, "uploads/march list.csv") == ["march list"]
    assert read_table(data, "march list.csv").sheet == "march list"


def test_text_named_xls_is_read_as_csv():
    table = read_table(csv_bytes([["Phone"], ["9876543210"]], delimiter="\t"), "export.xls")
    assert table.source_format == "csv"
    assert rows(table) == [["9876543210"]]


# ------------------------------------------------------------------ layouts
def test_title_row_empty_first_column_and_blank_rows_keep_excel_row_numbers():
    data = openpyxl_bytes(
        {
            "B1": "Diwali campaign",
            "B3": "Name",
            "C3": "Phone",
            "B4": "Ann",
            "C4": 919876543210,
            "B7": "Bob",
            "C7": "98765 43210",
        }
    )
    table = read_table(data, "shared.xlsx")
    assert table.header_row == 3
    assert table.columns == ["Name", "Phone"]
    assert table.column_letters == ["B", "C"]
    assert table.excel_rows.tolist() == [4, 7]
    assert rows(table) == [["Ann", "919876543210"], ["Bob", "98765 43210"]]
    assert table.excel_rows.dtype.kind == "i"


def test_no_header_gives_generated_names_and_rows_from_one():
    data = xlsx_bytes({"S": [[None, "919876543210", "Ann"], [None, "919876543211", "Bob"]]})
    table = read_table(data, "raw.xlsx")
    assert table.header_row is None
    assert table.columns == ["Column B", "Column C"]
    assert table.excel_rows.tolist() == [1, 2]
    assert detect_phone_column(table) == "Column B"


def test_duplicate_and_empty_header_cells():
    data = xlsx_bytes({"S": [["Phone", None, "phone", "Name"], ["9876543210", "x", "1", "Ann"]]})
    table = read_table(data, "dup.xlsx")
    assert table.columns == ["Phone", "B", "phone (2)", "Name"]
    assert detect_phone_column(table) == "Phone"


def test_formulas_give_cached_values_and_merged_cells_their_first_cell():
    table = read_table(xlsx_with_formulas_and_merges(), "f.xlsx")
    assert rows(table) == [
        ["Ann", "919876543210", "Hi Ann"],
        ["Bob", "919876543211", ""],  # an error value is an empty cell
        ["merged", "", ""],
    ]
    assert table.excel_rows.tolist() == [2, 3, 4]


def test_text_that_looks_like_a_formula_or_scientific_number_is_kept():
    data = xlsx_bytes({"S": [["Phone", "Note"], ["9.19877E+11", "=SUM(A1)"]]})
    assert rows(read_table(data, "t.xlsx")) == [["9.19877E+11", "=SUM(A1)"]]


def test_sheets_listed_visible_first_and_picked_by_name():
    data = xlsx_bytes(
        {
            "Secret": [["Phone"], ["919800000001"]],
            "Main": [["Phone"], ["919800000002"]],
            "Other": [["Mobile"], ["919800000003"], ["919800000004"]],
        },
        hidden=["Secret"],
    )
    assert sheet_names(data, "book.xlsx") == ["Main", "Other", "Secret"]
    assert rows(read_table(data, "book.xlsx")) == [["919800000002"]]
    other = read_table(data, "book.xlsx", "Other")
    assert other.sheet == "Other"
    assert rows(other) == [["919800000003"], ["919800000004"]]
    assert rows(read_table(data, "book.xlsx", "Secret")) == [["919800000001"]]
    missing = refused(data, "book.xlsx", "Nope")
    assert missing.code == "sheet_not_found"
    assert "Main, Other, Secret" in missing.user_message


def test_table_survives_pickling_for_the_page_cache():
    table = read_table(xlsx_bytes({"S": PEOPLE}), "p.xlsx")
    copy = pickle.loads(pickle.dumps(table))
    assert copy.columns == table.columns
    assert rows(copy) == rows(table)
    assert np.array_equal(copy.excel_rows, table.excel_rows)


def test_content_hash_is_sha256_of_the_bytes():
    assert content_hash(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


# ------------------------------------------------------------------ phone column
@pytest.mark.parametrize(
    ("header", "strength"),
    [
        ("Mobile No.", 2),
        ("phoneNumber", 2),
        ("MSISDN", 2),
        ("Tel", 2),
        ("手机号码", 2),
        ("联系电话", 2),
        ("号码", 1),
        ("Number", 1),
        ("Hotel", 0),
        ("Name", 0),
    ],
)
def test_header_words(header, strength):
    assert header_strength(header) == strength


@pytest.mark.parametrize("header", ["Mobile No.", "phoneNumber", "Tel", "手机号码", "号码"])
def test_phone_column_by_header_word_beats_another_numeric_column(header):
    data = xlsx_bytes({"S": [["Customer ID", header, "Name"], ["1234567", "98765 43210", "Ann"]]})
    assert detect_phone_column(read_table(data, "h.xlsx")) == header


def test_a_phone_header_over_junk_is_still_the_phone_column():
    data = xlsx_bytes({"S": [["Name", "Phone"], ["Ann", "ask her"], ["Bob", "n/a"]]})
    assert detect_phone_column(read_table(data, "j.xlsx")) == "Phone"


def test_phone_column_by_content_when_headers_say_nothing():
    data = xlsx_bytes(
        {
            "S": [
                ["Who", "Where", "Reach"],
                ["Ann", "Pune", 919876543210],
                ["Bob", "Delhi", "+91 98765-43211"],
                ["Cy", "Goa", "9.19877E+11"],
                ["Di", "Agra", "n/a"],
            ]
        }
    )
    table = read_table(data, "c.xlsx")
    assert detect_phone_column(table) == "Reach"


def test_strong_header_beats_a_vague_one():
    data = xlsx_bytes({"S": [["Order number", "Mobile"], ["100200300", "9876543210"]]})
    assert detect_phone_column(read_table(data, "o.xlsx")) == "Mobile"


def test_no_phone_like_column():
    table = read_table(xlsx_bytes({"S": [["Name", "City"], ["Ann", "Pune"]]}), "n.xlsx")
    assert detect_phone_column(table) is None
    with pytest.raises(SpreadsheetError) as caught:
        require_phone_column(table)
    assert caught.value.code == "no_phone_column"
    assert "Phone" in caught.value.user_message and "手机号" in caught.value.message_zh


@pytest.mark.parametrize(
    ("value", "phone"),
    [
        ("+91 98765-43210", True),
        ("919876543210.0", True),
        ("9.19877E+11", True),
        ("(020) 7946 0958", True),
        ("138 0013 8000", True),
        ("2024-01-02", False),
        ("12345.67", False),
        ("123456", False),
        ("1234567890123456", False),
        ("Ann", False),
        ("1.5E+3", False),
        ("9.19877E+15", False),
        ("1E+06", True),
        ("98765\u00a043210", True),
        ("９８７６５４３２１０", False),  # full-width digits are not read as a phone
        ("9876543210\n", True),
        ("98765\n43210", False),
    ],
)
def test_looks_like_phone(value, phone):
    assert looks_like_phone(value) is phone
    assert phone_mask(pd.Series([value, ""], dtype="str")).tolist() == [phone, False]


# ------------------------------------------------------------------ bad files
def test_garbage_named_xlsx():
    error = refused(bytes(range(256)) * 40, "list.xlsx")
    assert error.code == "not_spreadsheet"
    assert ".xlsx, .xls, .csv or .ods" in error.user_message


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%binary", "PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "PNG image"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 100, "JPEG image"),
        (word_document(), "Word document"),
    ],
)
def test_other_documents_named_like_spreadsheets(data, what):
    error = refused(data, "list.xlsx")
    assert error.code == "not_spreadsheet"
    assert what in error.user_message


def test_web_page_saved_as_xls():
    error = refused(b"<html><body><table><tr><td>1</td></tr></table></body></html>", "r.xls")
    assert error.code == "web_page"
    assert "Save As" in error.user_message


def test_damaged_xlsx_never_leaks_a_library_error():
    good = xlsx_bytes({"S": PEOPLE})
    for damaged in (good[: len(good) // 2], good[:200], b"PK\x03\x04" + b"\1" * 500):
        error = refused(damaged, "cut.xlsx")
        assert error.code in {"unreadable", "not_spreadsheet"}


def test_broken_sheet_xml_inside_a_valid_zip():
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes({"S": PEOPLE})))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body[: len(body) // 2]
            target.writestr(item, body)
    assert refused(buffer.getvalue(), "half.xlsx").code == "unreadable"


def test_password_protected_workbook():
    error = refused(encrypted_xlsx(xlsx_bytes({"S": PEOPLE})), "locked.xlsx")
    assert error.code == "encrypted"
    assert "password" in error.user_message and "密码" in error.message_zh
    with pytest.raises(SpreadsheetError):
        sheet_names(encrypted_xlsx(xlsx_bytes({"S": PEOPLE})), "locked.xlsx")


def test_encrypted_ole_shape_is_recognised_without_parsing():
    assert refused(fake_encrypted_ole(), "locked.xlsx").code == "encrypted"


@pytest.mark.parametrize("data", [b"", b"\r\n \r\n", b"\xef\xbb\xbf"])
def test_empty_file(data):
    assert refused(data, "empty.csv").code == "empty_file"


def test_empty_file_named_xlsx():
    assert refused(b"", "empty.xlsx").code == "empty_file"


def test_sheet_without_data_names_the_other_sheets():
    data = xlsx_bytes({"Blank": [], "Data": [["Phone"], ["9876543210"]]})
    error = refused(data, "b.xlsx")
    assert error.code == "empty_sheet"
    assert "Data" in error.user_message and "Blank" in error.user_message


def test_csv_with_only_separators_is_an_empty_sheet():
    assert refused(b",,\r\n,,\r\n", "blank.csv").code == "empty_sheet"


def test_header_only():
    error = refused(xlsx_bytes({"S": [["Title"], ["Name", "Phone"]]}), "h.xlsx")
    assert error.code == "header_only"
    assert "row 2" in error.user_message


def test_file_over_the_size_limit():
    data = b"Phone\r\n" + b"9876543210\r\n" * (spreadsheets.MAX_FILE_BYTES // 12 + 1)
    assert len(data) > spreadsheets.MAX_FILE_BYTES
    error = refused(data, "big.csv")
    assert error.code == "too_big"
    assert "50 MB" in error.user_message


def test_more_rows_than_excel_allows(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    data = csv_bytes([["Phone"]] + [[f"98765432{i:02d}"] for i in range(4)])
    error = refused(data, "many.csv")
    assert error.code == "too_many_rows"
    assert "4 rows" in error.user_message


def test_csv_larger_than_excel_is_refused_at_the_real_limit():
    data = b"Phone\n" + b"1\n" * (spreadsheets.MAX_ROWS + 1)
    assert refused(data, "huge.csv").code == "too_many_rows"


def test_zip_bomb_is_refused_before_parsing():
    error = refused(zip_bomb(), "bomb.xlsx")
    assert error.code == "zip_bomb"
    assert "compresses" in error.user_message


def test_zip_with_absurd_total_size_is_refused():
    members = []
    for index in range(3):
        info = zipfile.ZipInfo(f"xl/worksheets/sheet{index}.xml")
        info.file_size = 200 * 1024 * 1024
        info.compress_size = 20 * 1024 * 1024
        members.append(info)
    with pytest.raises(SpreadsheetError) as caught:
        check_zip_sizes(members, "big.xlsx")
    assert caught.value.code == "zip_bomb"
    assert "600 MB" in caught.value.user_message


@pytest.mark.parametrize("filename", ["list.pdf", "list.docx", "list.numbers", "list"])
def test_unknown_extension_lists_the_accepted_formats(filename):
    error = refused(csv_bytes([["Phone"], ["9876543210"]]), filename)
    assert error.code == "unsupported_type"
    assert ".xlsx, .xls, .csv or .ods" in error.user_message
    assert error.field == "file"


def test_xlsb_gets_its_own_advice():
    assert refused(b"PK\x03\x04", "list.xlsb").code == "xlsb"


def test_binary_named_csv():
    assert refused(b"\x00\x01\x02\x03" * 100, "list.csv").code == "not_text"


def test_csv_wider_row_far_below_the_sniffed_sample_keeps_every_field():
    body = [["Name", "Phone"]] + [[f"P{i}", f"98765{i:05d}"] for i in range(8000)]
    body.append(["Late", "9876500000", "note", "more"])
    table = read_table(csv_bytes(body), "wide.csv")
    assert len(csv_bytes(body)) > 65536
    assert table.columns == ["Name", "Phone", "C", "D"]
    assert rows(table)[-1] == ["Late", "9876500000", "note", "more"]
    assert table.excel_rows[-1] == 8002


def test_unterminated_quote_is_an_unreadable_csv():
    error = refused(b'Name,Phone\r\n"Ann,9876543210\r\n' + b"x" * 10, "q.csv")
    assert error.code in {"unreadable", "header_only"}


def test_a_value_far_outside_the_list_is_refused_with_its_cell():
    data = openpyxl_bytes({"A1": "Phone", "A2": "919876543210", "XFD1048576": "oops"})
    error = refused(data, "far.xlsx")
    assert error.code == "far_cell"
    assert "XFD1048576" in error.user_message and "Ctrl+End" in error.user_message


def test_far_formatting_without_values_is_harmless():
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["A2"] = "Phone", "919876543210"
    sheet["XFD1048576"].font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "styled.xlsx")
    assert rows(table) == [["919876543210"]]
    assert table.columns == ["Phone"]


def test_sparse_columns_far_right_keep_their_letters():
    table = read_table(openpyxl_bytes({"A1": "Phone", "A2": "9876543210", "ZZ2": "x"}), "w.xlsx")
    assert table.columns == ["Phone", "ZZ"]
    assert table.column_letters == ["A", "ZZ"]
    assert rows(table) == [["9876543210", "x"]]


def test_windows_1252_csv_from_an_old_excel():
    table = read_table("Name;Phone\r\nCafé Müller;9876543210\r\n".encode("cp1252"), "eu.csv")
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert rows(table) == [["Café Müller", "9876543210"]]


def test_utf16_without_bom_and_damaged_bytes_still_read():
    table = read_table("Phone\tName\r\n9876543210\tAnn\r\n".encode("utf-16-le"), "u.txt")
    assert (table.encoding, table.delimiter) == ("utf-16-le", "\t")
    assert rows(table) == [["9876543210", "Ann"]]
    damaged = read_table(b"\xef\xbb\xbfPhone,Name\r\n9876543210,A\xffnn\r\n", "d.csv")
    assert rows(damaged) == [["9876543210", "A\ufffdnn"]]


def test_damaged_files_only_ever_raise_spreadsheet_error():
    """Flipped, cut and overwritten bytes of every format: a Table or a SpreadsheetError,
    never a library exception (Rust panics included)."""
    people = [["Name", "Phone", "When"], ["Ann", 919876543210, dt.date(2024, 1, 2)]]
    seeds = {
        "f.xlsx": xlsx_bytes({"S": people, "T": people}),
        "f.xls": xls_bytes(people),
        "f.ods": ods_bytes({"S": people}),
        "f.csv": csv_bytes(people),
    }
    rng = random.Random(3)
    outcomes: collections.Counter[str] = collections.Counter()
    for _ in range(300):
        name = rng.choice(list(seeds))
        data = bytearray(seeds[name])
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            data = data[: rng.randrange(len(data))]
        try:
            read_table(bytes(data), name)
            outcomes["read"] += 1
        except SpreadsheetError as error:
            outcomes[error.code] += 1
    assert outcomes["unreadable"] > 50 and outcomes["read"] > 10


@pytest.mark.parametrize(
    ("title", "header", "body"),
    [
        ("三月活动名单", ["姓名", "手机号"], ["张伟", "13800138000"]),
        ("March campaign", ["Customer", "Mobile"], ["Ann", "+91 98765 43210"]),
    ],
)
def test_header_under_a_title_in_english_and_chinese(title, header, body):
    table = read_table(xlsx_bytes({"S": [[title], [], header, body]}), "t.xlsx")
    assert table.header_row == 3
    assert table.columns == header
    assert table.excel_rows.tolist() == [4]
    assert detect_phone_column(table) == header[1]


def test_header_without_any_phone_values_is_found_by_its_words():
    table = read_table(
        xlsx_bytes({"S": [["序号", "手机号"], ["1", "待补"], ["2", "待补"]]}), "x.xlsx"
    )
    assert table.header_row == 1
    assert table.columns == ["序号", "手机号"]
    assert detect_phone_column(table) == "手机号"
