"""How a network counts an SMS: encoding and segments.

GSM-7 fits 160 characters in one message and 153 per part when split;
any character outside GSM-7 switches the whole message to UCS-2 (70 / 67).
GSM-7 extension characters (``{ } [ ] ~ \\ | ^ €`` and form feed) take two
septets. UCS-2 counts UTF-16 code units, so an emoji takes two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

GSM7_BASIC: Final = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION: Final = frozenset("^{}\\[~]|€\f")

GSM7: Final = "GSM-7"
UCS2: Final = "UCS-2"

# Characters people paste from Word or the web that force UCS-2 for no reason.
REPLACEMENTS: Final[dict[str, str]] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u2032": "'",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2026": "...",
    "\u200b": "",
    "\ufeff": "",
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2022": "-",
    "\t": " ",
}


@dataclass(frozen=True)
class SegmentCount:
    characters: int
    encoding: str
    segments: int
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    per_segment: int
    non_gsm: tuple[str, ...]  # the characters that forced UCS-2, in order of appearance


def non_gsm_characters(text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION:
            seen.setdefault(ch, None)
    return tuple(seen)


def count(text: str) -> SegmentCount:
    """Encoding and number of segments for one message."""
    bad = non_gsm_characters(text)
    if not bad:
        units = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
        single, multi, encoding = 160, 153, GSM7
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, UCS2
    if units == 0:
        segments = 0
    elif units <= single:
        segments = 1
    else:
        segments = -(-units // multi)
    per = single if segments <= 1 else multi
    return SegmentCount(len(text), encoding, segments, units, per, bad)


def segments(text: str) -> int:
    return count(text).segments


def replace_lookalikes(text: str) -> str:
    """Swap the common Word/web characters for their GSM-7 equivalents."""
    return "".join(REPLACEMENTS.get(ch, ch) for ch in text)


def _char_class(chars: frozenset[str]) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


_NON_GSM_RE = re.compile(f"[^{_char_class(GSM7_BASIC | GSM7_EXTENSION)}]")
_EXT_RE = re.compile(f"[{_char_class(GSM7_EXTENSION)}]")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class UnitCounts:
    """Per text: characters, GSM-7 septets, UTF-16 units, and whether it needs UCS-2.

    All four add up over pieces of a message (and UCS-2 when any piece needs it), which is
    what lets ``campaigns.part_counts`` count personalised messages without writing them.
    """

    characters: npt.NDArray[np.int64]
    gsm_units: npt.NDArray[np.int64]
    ucs_units: npt.NDArray[np.int64]
    ucs2: npt.NDArray[np.bool_]


def units_of(text: str) -> tuple[int, int, int, bool]:
    """One text's (characters, GSM-7 septets, UTF-16 units, needs UCS-2), as ``unit_counts``
    gives them for a column."""
    chars = len(text)
    gsm = chars + sum(1 for ch in text if ch in GSM7_EXTENSION)
    ucs = chars + sum(1 for ch in text if ord(ch) > 0xFFFF)
    return chars, gsm, ucs, bool(non_gsm_characters(text))


def unit_counts(texts: pd.Series) -> UnitCounts:
    """``UnitCounts`` for a whole column, by regular expressions over it (no Python loop)."""
    texts = texts.fillna("").astype(str)
    chars = texts.str.len().to_numpy(dtype=np.int64)
    return UnitCounts(
        characters=chars,
        gsm_units=chars + texts.str.count(_EXT_RE).to_numpy(dtype=np.int64),
        ucs_units=chars + texts.str.count(_ASTRAL_RE).to_numpy(dtype=np.int64),
        ucs2=texts.str.contains(_NON_GSM_RE, regex=True).to_numpy(dtype=bool),
    )


def segments_for(
    gsm_units: npt.NDArray[np.int64], ucs_units: npt.NDArray[np.int64], ucs2: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    """Segments per message from its units, by the same rule as ``count``."""
    units = np.where(ucs2, ucs_units, gsm_units)
    single = np.where(ucs2, 70, 160)
    multi = np.where(ucs2, 67, 153)
    segments = np.where(units == 0, 0, np.where(units <= single, 1, -(-units // multi)))
    return segments.astype(np.int64)


def count_many(texts: pd.Series) -> pd.DataFrame:
    """``count`` for a whole column at once: characters, encoding, segments.

    Regular expressions over the column replace the per-character Python
    loop, so a million distinct messages take about a second.
    """
    counts = unit_counts(texts)
    return pd.DataFrame(
        {
            "characters": counts.characters,
            "encoding": np.where(counts.ucs2, UCS2, GSM7),
            "segments": segments_for(counts.gsm_units, counts.ucs_units, counts.ucs2),
        },
        index=texts.index,
    )
