"""Parts counted per distinct value of each placeholder column equal the parts of every
message written out, on messy text: GSM-7 extension characters, emoji, Chinese, blanks."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from itnio_core.api import sms_parts
from itnio_core.campaigns import personalise
from itnio_core.campaigns.part_counts import SheetParts

MESSY = [
    "Ana",
    "€uro",
    "李伟",
    "Sam 😀",
    "",
    "   ",
    None,
    "x" * 150,
    "{braces} [and] ~|^\\",
    "é" * 80,
    "😀" * 40,
    "a\u00a0b",  # no-break space: UCS-2
    "\t",
    "Zoë",
    "\f",
    "line\r\nbreak",
    "y" * 1100,
    "ÄÖÑÜ§¿",
    "€" * 80,  # 160 septets
]
CONTENTS = [
    "Hi {Name}",
    "{Name}",
    "Hi {Name}, see you in {City} €",
    "你好 {Name}",
    "{{x}} {Name}{City}",
    "x" * 150 + " {Name}",
    "  {Name}  ",
    "{City}{City}{Name}",
    "Plain text, no placeholder",
    "{Ref}: {Name} from {City}",  # three columns, one of them nearly one value per row
]


def messy_sheet(rows: int, dtype: str, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    frame = pd.DataFrame(
        {
            "Name": [rng.choice(MESSY) for _ in range(rows)],
            "City": [rng.choice(MESSY[:8]) for _ in range(rows)],
            "Ref": [f"R{rng.randrange(rows)}€" for _ in range(rows)],
        }
    )
    return frame if dtype == "object" else frame.astype("str").where(frame.notna(), None)


@pytest.mark.parametrize("dtype", ["object", "str"])
@pytest.mark.parametrize("content", CONTENTS)
def test_counts_equal_those_of_every_message_written_out(content: str, dtype: str) -> None:
    frame = messy_sheet(400, dtype)
    template = personalise.parse(content, list(frame.columns))
    counts = SheetParts(frame).count(template)
    messages = personalise.render(template, frame)
    expected = sms_parts.count_many(messages)
    assert counts.segments.tolist() == expected["segments"].tolist()
    assert counts.characters.tolist() == expected["characters"].tolist()
    assert counts.blank.tolist() == (messages.str.strip().str.len() == 0).tolist()
    one_by_one = [sms_parts.count(m) for m in messages]  # the per-message rule itself
    assert counts.segments.tolist() == [c.segments for c in one_by_one]
    assert counts.characters.tolist() == [c.characters for c in one_by_one]


def test_a_column_is_measured_once_and_reused_for_every_message() -> None:
    frame = messy_sheet(50, "str")
    parts = SheetParts(frame)
    first = parts.column("Name")
    parts.count(personalise.parse("Hi {Name}", ["Name", "City"]))
    parts.count(personalise.parse("{City} {Name}", ["Name", "City"]))
    assert parts.column("Name") is first
    assert len(first.units.characters) == frame["Name"].fillna("").nunique()
    assert np.array_equal(
        parts.count(personalise.parse("{Name}", ["Name"])).characters,
        frame["Name"].fillna("").str.len().to_numpy(),
    )


def test_combinations_name_each_rows_values() -> None:
    frame = messy_sheet(300, "str")
    parts = SheetParts(frame)
    combos = parts.combinations(("Ref", "Name", "City"))
    assert combos is parts.combinations(("City", "Name", "Ref"))  # kept, in any order
    for name in ("Ref", "Name", "City"):
        column = parts.column(name)
        assert np.array_equal(combos.values[name][combos.codes], column.codes)
    assert len(combos) == len(frame[["Ref", "Name", "City"]].fillna("").drop_duplicates())


def test_blank_values_are_those_python_strips_to_nothing() -> None:
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert max(map(ord, spaces)) <= 0x3000  # what the column's pattern relies on
    values = [*spaces, *(s * 3 for s in spaces), "", " x ", "\u200b", "\ufeff", "a"]
    column = SheetParts(pd.DataFrame({"V": pd.Series(values, dtype="str")})).column("V")
    distinct = pd.Series(values).drop_duplicates().tolist()
    assert column.blank.tolist() == [not v.strip() for v in distinct]


def test_only_the_most_recent_sets_of_columns_are_kept() -> None:
    from itnio_core.campaigns import part_counts

    parts = SheetParts(messy_sheet(40, "str"))
    first = parts.combinations(("Name",))
    sets = [("City",), ("Ref",), ("Name", "City"), ("Name", "Ref")]
    for columns in sets[:-1]:
        parts.combinations(columns)
    assert parts.combinations(("Name",)) is first  # still kept: four sets so far
    for columns in sets:
        parts.combinations(columns)
    assert part_counts.KEPT_COMBINATIONS == 4
    assert parts.combinations(("Name",)) is not first  # the least recent went first
