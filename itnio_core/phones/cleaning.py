"""The patterns that clean a written phone number down to its digits.

Shared by Python's ``re`` (one value, ``number.py``) and Arrow's RE2 (a column,
``column.py``), so both read a cell the same way.
"""

from __future__ import annotations

import re
from typing import Final

# --- Cleaning patterns, shared by Python's re and Arrow's RE2 -------------------------
# Every pattern ends in a class holding "\n", so re's "$" (which also matches before a
# final newline) and RE2's "$" agree.
_TRIM: Final = r"[ \t\n\r\x0b\x0c']*"
_SEP: Final = r"[ \t\n\r\x0b\x0c'().\-/\[\]]"  # dropped between digits
PLACEHOLDERS: Final = ("n/a", "na", "n.a.", "none", "null", "nil", "nan", "#n/a")
_EMPTY: Final = (
    rf"(?i)^(?:{_TRIM}(?:{'|'.join(re.escape(p) for p in PLACEHOLDERS)}){_TRIM}"
    rf"|{_SEP}*\+?{_SEP}*)$"
)
_SCI: Final = rf"^{_TRIM}[+-]?[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+{_TRIM}$"
_EXT: Final = rf"(?i)[0-9] *(?:x|ext\.?|extn\.?|extension|#)[ .:]*[0-9]+{_TRIM}$"
_GOOD: Final = rf"^{_SEP}*\+?{_SEP}*[0-9](?:{_SEP}|[0-9])*$"
_FLOAT: Final = rf"^{_TRIM}\+?[0-9]+\.0+{_TRIM}$"  # 919876543210.0: a number cell, as a float
_LOOSE_MAX: Final = 10  # no + and no default country: this short, it is a national number
_DASHES: Final = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_INVISIBLE: Final = "\u200b\u200c\u200d\u2060\ufeff"
_RE_EMPTY, _RE_SCI, _RE_EXT = re.compile(_EMPTY), re.compile(_SCI), re.compile(_EXT)
_RE_GOOD, _RE_FLOAT = re.compile(_GOOD), re.compile(_FLOAT)
