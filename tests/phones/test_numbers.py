import random

import pandas as pd
import phonenumbers
import pyarrow as pa
import pytest

from itnio_core.phones import (
    calling_code_of,
    country_choices,
    country_name,
    normalise,
    normalise_many,
)
from itnio_core.phones import column as numbers_column

# (value, default country, number, code); code "" means ok, number "" means not ok.
CASES = [
    # international, in the ways people write it
    ("+91 98765-43210", None, "919876543210", ""),
    ("+91 (98765) 43210", "GB", "919876543210", ""),
    ("0044 7400 123456", None, "447400123456", ""),
    ("+44 (0)7400 123456", None, "447400123456", ""),
    ("+44 07400 123456", None, "447400123456", ""),  # trunk 0 after the country code
    ("'+44 7400 123456", None, "447400123456", ""),  # Excel's text apostrophe
    ("919876543210", None, "919876543210", ""),
    ("919876543210", "IN", "919876543210", ""),
    ("447400123456", "IN", "447400123456", "other_country"),  # valid only as British
    ("919876543210.0", None, "919876543210", ""),  # a number cell read as a float
    ("９１９８７６５４３２１０", None, "919876543210", ""),  # full-width
    ("+٩١ ٩٨٧٦٥ ٤٣٢١٠", None, "919876543210", ""),  # Arabic-Indic digits
    ("+91\u00a098765\u201343210", None, "919876543210", ""),  # no-break space, en dash
    ("  +91 98765 43210\t", None, "919876543210", ""),
    # national, with a default country
    ("98765 43210", "IN", "919876543210", ""),
    ("098765 43210", "IN", "919876543210", ""),
    ("091-98765-43210", "IN", "919876543210", ""),
    ("(0)7400 123456", "GB", "447400123456", ""),
    ("07400 123456", "GB", "447400123456", ""),
    ("(201) 555-0123", "US", "12015550123", ""),
    ("1 201 555 0123", "US", "12015550123", ""),
    ("138 0013 8000", "CN", "8613800138000", ""),
    ("013800138000", "CN", "8613800138000", ""),
    ("01512 3456789", "DE", "4915123456789", ""),
    ("030/1234567", "DE", "", "landline"),  # a Berlin landline
    ("0803 123 4567", "NG", "2348031234567", ""),
    ("(11) 96123-4567", "BR", "5511961234567", ""),
    ("0812-3456-7890", "ID", "6281234567890", ""),
    ("06 6982 1234", "IT", "", "landline"),  # Italy keeps its leading 0: a Rome landline
    ("8 912 345-67-89", "RU", "79123456789", ""),  # Russia's trunk prefix is 8
    # international, other countries
    ("+86 138 0013 8000", None, "8613800138000", ""),
    ("+49 1512 3456789", None, "4915123456789", ""),
    ("+234 803 123 4567", None, "2348031234567", ""),
    ("+55 11 96123 4567", None, "5511961234567", ""),
    ("+62 812 3456 7890", "IN", "6281234567890", ""),
    ("+1 201 555 0123", None, "12015550123", ""),
    ("+7 701 234 5678", None, "77012345678", ""),  # Kazakhstan, sharing +7
    # empty
    ("", None, "", "empty"),
    ("   ", "IN", "", "empty"),
    ("n/a", None, "", "empty"),
    ("N/A", "IN", "", "empty"),
    ("-", None, "", "empty"),
    (None, None, "", "empty"),
    (float("nan"), "IN", "", "empty"),
    # invalid, each with its code
    ("9.19877E+11", None, "", "scientific"),
    ("9.19877e11", "IN", "", "scientific"),
    ("CALL ME", None, "", "bad_chars"),
    ("9876x", "IN", "", "bad_chars"),
    ("98+76543210", "IN", "", "bad_chars"),
    ("+44 20 7946 0958 x123", None, "", "extension"),
    ("+44 20 7946 0958 ext. 12", None, "", "extension"),
    ("020 7946 0958 #4", "GB", "", "extension"),
    ("98765 43210", None, "", "no_country"),
    ("098765 43210", None, "", "no_country"),
    ("+999 1234 5678", None, "", "unknown_country_code"),
    ("+91 98765 4321", None, "", "too_short"),
    ("98765 4321", "IN", "", "too_short"),
    ("+91 98765 432100", None, "", "too_long"),
    ("+44 99 1234 5678", None, "", "not_valid"),  # right length, no such prefix
    ("+44 0207 946 095", None, "", "not_valid"),  # "+44 0…": right length, not in use
    ("+1 101 555 0123", None, "", "not_valid"),  # US area codes never start with 1
    ("+91 55555 55555", None, "", "not_valid"),  # no Indian number starts with 5
    ("+86 238 0013 8000", None, "", "not_valid"),
    ("+44 20 7946 0958", None, "", "landline"),  # a London landline
    ("493012345", "IN", "", "landline"),  # the case: invalid in India, a German landline
]


@pytest.mark.parametrize(("value", "country", "number", "code"), CASES)
def test_normalise(value, country, number, code):
    result = normalise(value, country)
    assert (result.number, result.code) == (number, code)
    statuses = {"": "ok", "empty": "empty", "other_country": "check"}
    expected_status = statuses.get(code, "invalid")
    assert result.status == expected_status
    if number:  # the metadata agrees
        assert phonenumbers.is_valid_number(phonenumbers.parse("+" + number))
        assert result.calling_code == int(phonenumbers.parse("+" + number).country_code)
        assert (result.reason == "") == (code == "")
    if code:
        assert result.reason and result.reason_zh


def test_region_of_a_shared_calling_code():
    assert normalise("+7 701 234 5678").country == "KZ"
    assert normalise("+7 912 345 67 89").country == "RU"
    assert normalise("+1 416 555 0123").country == "CA"
    assert normalise("(201) 555-0123", "US").country == "US"


@pytest.mark.parametrize(
    ("value", "country", "reason"),
    [
        (
            "+91 98765 4321",
            None,
            "Too short for India (+91): 9 digits after the country code, needs 10.",
        ),
        (
            "9.19877E+11",
            None,
            "Shown in scientific notation (9.19877E+11): Excel has already lost the last "
            "digits. Format the column as Text in Excel and type the numbers again.",
        ),
        (
            "020 7946 0958",
            None,
            "Starts with 0 but no default country was chosen: "
            "pick the country these numbers belong to.",
        ),
        ("+44 99 1234 5678", None, "Not a number in use in the United Kingdom (+44)."),
        (
            "+91 98765 432100",
            None,
            "Too long for India (+91): 11 digits after the country code, needs 10.",
        ),
        (
            "8613800138",
            "CN",
            "Not a number in use in China (+86). "
            "If it is from another country, write it with + and its country code.",
        ),
        (
            "+49 1",
            None,
            "Too short for Germany (+49): 1 digit after the country code, needs 5 to 15.",
        ),
        (
            "+44 7400 1234",
            None,
            "Too short for the United Kingdom (+44): 8 digits after the country code, "
            "needs 9 or 10.",
        ),
    ],
)
def test_reasons_in_plain_words(value, country, reason):
    assert normalise(value, country).reason == reason


def test_reasons_in_chinese():
    result = normalise("+91 98765 4321")
    assert result.reason_zh == "对印度（+91）来说太短：国家代码后有 9 位数字，需要 10 位。"
    assert normalise("CALL ME").reason_zh.startswith("含有不属于电话号码的字母或符号")


def test_unknown_default_country_is_refused():
    with pytest.raises(ValueError, match="XX"):
        normalise("98765 43210", "XX")
    with pytest.raises(ValueError, match="XX"):
        normalise_many(["98765 43210"], "XX")


def test_lower_case_default_country():
    assert normalise("98765 43210", "in").number == "919876543210"


def _numbers_from_metadata(rng: random.Random, count: int) -> list[str]:
    """Example numbers of every region and type, then copies with digits changed."""
    examples = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                nsn = phonenumbers.national_significant_number(example)
                examples.append((example.country_code, nsn))
    out = [f"+{cc}{nsn}" for cc, nsn in examples]
    while len(out) < count:
        cc, nsn = rng.choice(examples)
        digits = list(nsn)
        for _ in range(rng.randint(1, 3)):
            digits[rng.randrange(len(digits))] = rng.choice("0123456789")
        if rng.random() < 0.2:
            digits = digits[:-1] if rng.random() < 0.5 else [*digits, rng.choice("0123456789")]
        out.append(f"+{cc}{''.join(digits)}")
    return out


def test_validity_matches_phonenumbers():
    """Our patterns-per-calling-code reading agrees with phonenumbers.is_valid_number."""
    rng = random.Random(20240601)
    checked = 0
    for text in _numbers_from_metadata(rng, 4000):
        parsed = phonenumbers.parse(text)
        nsn = phonenumbers.national_significant_number(parsed)
        if nsn != text[1 + len(str(parsed.country_code)) :]:
            continue  # phonenumbers dropped a trunk or carrier prefix while parsing
        ours = normalise(text)
        valid = phonenumbers.is_valid_number(parsed)
        landline = phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.FIXED_LINE
        assert (ours.status == "ok") == (valid and not landline), text
        assert (ours.code == "landline") == (valid and landline), text
        if valid:
            assert ours.country == phonenumbers.region_code_for_number(parsed), text
        checked += 1
    assert checked > 3000


VALUES_FOR_SAMPLE = [
    "+91 98765 43210",
    "919876543210",
    "07400 123456",
    "(201) 555-0123",
    "+44 (0)20 7946 0958",
    "0044 20 7946 0958",
    "9.19877E+11",
    "CALL ME",
    "n/a",
    "",
    "+44 20 7946 0958 x123",
    "８１２３４５６７８",
    "+86 138 0013 8000",
    "01512 3456789",
    "0803 123 4567",
    "(11) 96123-4567",
    "0812-3456-7890",
    "8 912 345-67-89",
    "06 6982 1234",
    "+7 701 234 5678",
    "447400123456",
    "493012345",
]
SEPARATORS = [" ", "-", ".", "", "", "", "/", "\u00a0", "\u2013", "\t"]


def _varied(rng: random.Random, count: int) -> list[object]:
    """Spreadsheet-like values: real numbers, mangled in the ways people and Excel do."""
    pool = _numbers_from_metadata(rng, 600)
    out: list[object] = []
    while len(out) < count:
        value: object = rng.choice(pool + VALUES_FOR_SAMPLE)
        text = str(value)
        digits = text.lstrip("+")
        roll = rng.random() if len(digits) >= 4 else 1.0
        if roll < 0.15:
            value = digits  # no +
        elif roll < 0.25:
            value = "00" + digits
        elif roll < 0.35:  # separators between groups
            a, b = sorted(rng.sample(range(1, len(digits)), 2))
            parts = (digits[:a], digits[a:b], digits[b:])
            value = rng.choice(["+", "", "00"]) + rng.choice(SEPARATORS).join(parts)
        elif roll < 0.42:
            value = "0" + digits[rng.randint(1, 3) :]  # national with a trunk 0
        elif roll < 0.48:
            value = digits[rng.randint(1, 3) :]  # national without it
        elif roll < 0.52:
            value = digits + ".0"
        elif roll < 0.55:
            value = f"{digits[0]}.{digits[1:6]}E+{len(digits) - 1}"
        elif roll < 0.58:
            value = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)
        elif roll < 0.61:
            value = text + rng.choice([" x12", " ext 3", "#4", "x"])
        elif roll < 0.64:
            value = rng.choice(["", " ", "n/a", "NONE", "-", "--", None, "()", "+", "'"])
        elif roll < 0.67:
            pos = rng.randrange(len(text) + 1)
            value = text[:pos] + rng.choice("abcXYZ*,;?+(0)") + text[pos:]
        elif roll < 0.70:
            value = f"  '{text}\n"
        elif roll < 0.72:
            value = rng.choice([919876543210.0, 447400123456, float("nan"), 1.5e16])
        out.append(value)
    return out


@pytest.mark.parametrize("min_part", [None, 300])
@pytest.mark.parametrize("country", [None, "IN", "GB", "US", "DE", "IT", "RU", "CN"])
def test_vectorised_equals_scalar(country, min_part, monkeypatch):
    if min_part:  # split into chunks run in threads, as a long column is
        monkeypatch.setattr(numbers_column, "_MIN_PART", min_part)
    values = _varied(random.Random(f"{country}-{min_part}"), 2500)
    frame = normalise_many(values, country)
    assert len(frame) == len(values)
    assert list(frame.columns) == [
        "number",
        "status",
        "code",
        "reason",
        "reason_zh",
        "region",
        "calling_code",
    ]
    seen_codes = set()
    for value, row in zip(values, frame.itertuples(index=False), strict=True):
        one = normalise(value, country)
        region = None if pd.isna(row.region) else row.region
        calling_code = None if pd.isna(row.calling_code) else int(row.calling_code)
        got = (row.number, row.status, row.code, row.reason, row.reason_zh, region, calling_code)
        want = (one.number, one.status, one.code, one.reason, one.reason_zh, one.country,
                one.calling_code)  # fmt: skip
        assert got == want, repr(value)
        seen_codes.add(one.code)
    # the sample is varied: it reaches (nearly) every outcome
    assert {"", "empty", "scientific", "bad_chars", "extension", "too_short"} <= seen_codes
    assert {"too_long", "not_valid"} & seen_codes


def test_normalise_many_accepts_series_and_lists():
    values = ["+91 98765 43210", None, "CALL ME", 919876543210.0]
    as_list = normalise_many(values)
    as_object = normalise_many(pd.Series(values, dtype=object))
    as_str = normalise_many(pd.Series(values, dtype="str"))
    as_arrow = normalise_many(pd.Series(values, dtype="str").astype(pd.ArrowDtype(pa.string())))
    assert list(as_list["number"]) == ["919876543210", "", "", "919876543210"]
    assert list(as_list["status"]) == ["ok", "empty", "invalid", "ok"]
    for other in (as_object, as_str, as_arrow):
        pd.testing.assert_frame_equal(as_list, other)


def test_normalise_many_of_nothing():
    frame = normalise_many([])
    assert len(frame) == 0
    assert "number" in frame.columns


def test_country_choices():
    choices = country_choices()
    assert ("IN", "India", 91) in choices
    assert ("GB", "United Kingdom", 44) in choices
    assert ("US", "United States", 1) in choices
    names = [name for _, name, _ in choices]
    assert names == sorted(names, key=str.casefold)
    assert len(choices) > 200
    assert all(len(region) == 2 for region, _, _ in choices)
    choices.clear()  # the caller's copy
    assert country_choices()


def test_country_name():
    assert country_name("in") == "India"
    assert country_name("GB", "zh") == "英国"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("919876543210", 91),
        ("12015550123", 1),
        ("447400123456", 44),
        ("2348031234567", 234),
        ("+77012345678", 7),
        ("", None),
        ("0123", None),
        ("9999", None),
        ("abc", None),
    ],
)
def test_calling_code_of(number, code):
    assert calling_code_of(number) == code


def test_a_number_valid_only_in_another_country_names_it_and_is_kept_for_checking():
    result = normalise("447400123456", "IN")
    assert (result.status, result.code, result.country) == ("check", "other_country", "GB")
    assert "United Kingdom (+44)" in result.reason and "英国（+44）" in result.reason_zh
    frame = normalise_many(["447400123456", "98765 43210", "493012345"], "IN")
    assert frame["status"].astype(str).tolist() == ["check", "ok", "invalid"]
    assert frame["number"].tolist() == ["447400123456", "919876543210", ""]
    assert frame["code"].astype(str).tolist()[2] == "landline"
    assert "landline in Germany (+49)" in frame["reason"].astype(str)[2]
    assert "德国（+49）的固定电话" in frame["reason_zh"].astype(str)[2]
    # without a chosen country, +44 is what the person wrote: nothing to check
    assert normalise("447400123456").status == "ok"
