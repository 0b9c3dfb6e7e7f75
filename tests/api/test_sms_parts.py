import pandas as pd
import pytest

from itnio_core.api.sms_parts import GSM7, UCS2, count, replace_lookalikes


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("", GSM7, 0),
        ("a" * 160, GSM7, 1),
        ("a" * 161, GSM7, 2),
        ("a" * 306, GSM7, 2),
        ("a" * 307, GSM7, 3),
        ("€" * 80, GSM7, 1),  # extension characters count double
        ("€" * 81, GSM7, 2),
        ("{}" * 40 + "a", GSM7, 2),
        ("你" * 70, UCS2, 1),
        ("你" * 71, UCS2, 2),
        ("你" * 134, UCS2, 2),
        ("你" * 135, UCS2, 3),
        ("😀" * 35, UCS2, 1),  # an emoji is two UTF-16 units
        ("😀" * 36, UCS2, 2),
        ("Hello é à ñ Δ", GSM7, 1),
    ],
)
def test_known_segment_counts(text, encoding, segments):
    c = count(text)
    assert (c.encoding, c.segments) == (encoding, segments)


def test_names_the_characters_that_force_ucs2():
    c = count("Don’t miss — 50% off")
    assert c.encoding == UCS2
    assert c.non_gsm == ("’", "—")


def test_replacement_makes_common_paste_gsm7():
    fixed = replace_lookalikes("Don’t miss — “50%”\u00a0off…")
    assert fixed == 'Don\'t miss - "50%" off...'
    assert count(fixed).encoding == GSM7


@pytest.mark.parametrize(
    "text",
    ["", "Hello", "€uro {x} [y] ~|^\\\f", "李伟", "Sam 😀😀", "a\u00a0b", "é" * 80, "\r\n\t"],
)
def test_one_texts_units_are_those_of_a_column(text):
    from itnio_core.api.sms_parts import unit_counts, units_of

    column = unit_counts(pd.Series([text, text], dtype=object))
    expected = (
        int(column.characters[0]),
        int(column.gsm_units[0]),
        int(column.ucs_units[0]),
        bool(column.ucs2[0]),
    )
    assert units_of(text) == expected
