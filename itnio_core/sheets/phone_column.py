"""Which column holds the phone numbers: by header words, then by content.

Only a cheap look: a cell "looks like" a phone number when it is 7-15 digits
with the usual separators, an Excel float ("919876543210.0") or Excel's
scientific notation ("9.19877E+11"). Whether a number is valid is decided
later, per row, by the numbers module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

SAMPLE_SIZE = 1000
CONTENT_SHARE = 0.5  # share of phone-like cells for a column to be picked by content
WEAK_HEADER_SHARE = 0.3  # "Number"/"号码" columns need some phone-like content too

_STRONG_TOKENS = frozenset(
    {
        "phone",
        "phones",
        "mobile",
        "mobiles",
        "mob",
        "msisdn",
        "cell",
        "cellphone",
        "tel",
        "telephone",
        "whatsapp",
        "handphone",
    }
)
_STRONG_PARTS = ("phone", "mobile", "msisdn", "手机", "电话", "移动", "联系方式")
_WEAK_TOKENS = frozenset({"number", "numbers", "no", "num", "nr", "contact", "recipient", "to"})
_WEAK_PARTS = ("号码", "号", "联系")

# Written for both Python's re (one cell) and Arrow's RE2 (a column): ASCII digits only.
_SCIENTIFIC_RE = r"[+-]?[0-9](?:\.[0-9]+)?[eE]\+?(?:0?[6-9]|1[0-4])"  # 1E+6 .. 9.9E+14
_PHONE_CHARS_RE = r"\+?[0-9 \t().\-/" + "\u00a0" + r"]+"
_DATE_RE = r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}"
_DECIMAL_RE = r"[0-9]+\.[0-9]+"
_SCIENTIFIC, _PHONE_CHARS, _DATE_LIKE, _DECIMAL = (
    re.compile(pattern) for pattern in (_SCIENTIFIC_RE, _PHONE_CHARS_RE, _DATE_RE, _DECIMAL_RE)
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOT_DIGIT = re.compile(r"[^0-9]")


def looks_like_phone(value: str) -> bool:
    text = value.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if _SCIENTIFIC.fullmatch(text):
        return True
    if not _PHONE_CHARS.fullmatch(text) or _DATE_LIKE.fullmatch(text) or _DECIMAL.fullmatch(text):
        return False
    digits = len(_NOT_DIGIT.sub("", text))
    return 7 <= digits <= 15


def header_strength(header: str) -> int:
    """2 for a clear phone header (Phone, 手机号), 1 for a vague one (Number, 号码), else 0."""
    text = header.strip()
    if not text:
        return 0
    lowered = text.lower()
    tokens = set(re.findall(r"[a-z]+", _CAMEL.sub(" ", text).lower()))
    if tokens & _STRONG_TOKENS or any(part in lowered for part in _STRONG_PARTS):
        return 2
    if tokens & _WEAK_TOKENS or any(part in lowered for part in _WEAK_PARTS):
        return 1
    return 0


def phone_mask(values: pd.Series) -> npt.NDArray[np.bool_]:
    """``looks_like_phone`` for a column of str, vectorised (Arrow's RE2 kernels)."""
    text = values.str.strip().str.replace(r"\.0$", "", regex=True)

    def full(pattern: str) -> pd.Series:
        return text.str.match(f"^(?:{pattern})$")

    scientific = full(_SCIENTIFIC_RE)
    plain = full(_PHONE_CHARS_RE) & ~full(_DATE_RE) & ~full(_DECIMAL_RE)
    digits = text.str.count("[0-9]")
    found = scientific.fillna(False) | (plain.fillna(False) & digits.between(7, 15))
    return np.asarray(found.to_numpy(dtype=bool), dtype=bool)


def phone_share(values: pd.Series) -> float:
    """Share of non-empty cells that look like phone numbers, from a spread sample."""
    filled = _spread(values)
    filled = filled[filled != ""]
    if len(filled) < SAMPLE_SIZE // 10 and len(values) > SAMPLE_SIZE:
        filled = _spread(values[values != ""])  # a sparse column: look at every filled cell
    if filled.empty:
        return 0.0
    return float(phone_mask(filled.astype("str")).mean())


def _spread(values: pd.Series) -> pd.Series:
    if len(values) <= SAMPLE_SIZE:
        return values
    return values.iloc[np.linspace(0, len(values) - 1, SAMPLE_SIZE).astype(np.int64)]


def pick_phone_column(columns: Sequence[str], frame: pd.DataFrame, has_header: bool) -> str | None:
    shares: dict[str, float] = {}

    def share(column: str) -> float:
        if column not in shares:
            shares[column] = phone_share(frame[column])
        return shares[column]

    if has_header:
        strong = [c for c in columns if header_strength(c) == 2]
        good = [c for c in strong if share(c) >= CONTENT_SHARE]
        if good:
            return good[0]
        weak = [c for c in columns if header_strength(c) == 1 and share(c) >= WEAK_HEADER_SHARE]
        if weak:
            return max(weak, key=share)
        with_some = [c for c in strong if share(c) > 0]
        if with_some:
            return max(with_some, key=share)
    best = max(columns, key=share, default=None)
    if best is not None and share(best) >= CONTENT_SHARE:
        return best
    if has_header:
        strong = [c for c in columns if header_strength(c) == 2]
        if strong:
            return strong[0]  # the header says phone; let the per-row check explain the values
    return None
