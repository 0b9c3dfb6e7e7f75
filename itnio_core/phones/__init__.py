"""phones."""

from __future__ import annotations

from .calling_codes import BY_PREFIX, CALLING_CODES, country_label
from .column import normalise_many
from .countries import calling_code_of, country_choices, country_name
from .number import normalise
from .verdict import OK

__all__ = [
    "BY_PREFIX",
    "CALLING_CODES",
    "OK",
    "calling_code_of",
    "country_choices",
    "country_label",
    "country_name",
    "normalise",
    "normalise_many",
]
