"""Phone numbers: one written number or a whole column, normalised to country code + national
number (digits only, as the API wants them), with a reason for every rejected one.

Validity comes from libphonenumber's numbering-plan metadata (the ``phonenumbers``
package), not from digit counts: a number is valid exactly when
``phonenumbers.is_valid_number`` would say so.

Decisions:

* An extension (``x123``, ``ext. 123``, ``#123``) makes a number invalid: a text message
  cannot reach an extension, and dropping it would send to the switchboard.
* Scientific notation (``9.19877E+11``) is always invalid: Excel rounded the value, so the
  real digits are gone.
* ``n/a``, ``-``, ``none`` and the like count as empty cells.
* ``(0)`` is dropped (``+44 (0)20 ...``), and so is a trunk prefix written after the
  country code (``+44 020 ...``) when only the number without it is valid.
* With a default country, a number without ``+`` or ``00`` belongs to that country when it
  is valid there (written with its trunk prefix, as a national number, or with the country
  code but no ``+``). Otherwise, if it neither starts with the trunk prefix nor has a
  national length, it is read as starting with its own country code (``447400123456`` in
  an Indian list): Excel drops the ``+`` of numbers stored as numbers. Reasons for
  rejected rows still speak of the default country.
* With a default country, a number that is valid only under another country's code gets
  the status ``check`` (code ``other_country``, the reason names that country): it keeps
  its number but is sent only when the person includes such rows.
* A landline (libphonenumber's type FIXED_LINE, not FIXED_LINE_OR_MOBILE) is invalid: it
  cannot receive a text message (``landline`` module).
* Without a default country, such a number is read as starting with its country code; one
  starting with ``0`` cannot be read at all.

Modules:
  number         ``normalise(value, default_country)`` → ``NumberResult`` (Python ``re``).
  column         ``normalise_many(values, default_country)`` → a DataFrame, vectorised
                 (Arrow RE2); a test checks both agree.
  cleaning       the patterns both use to clean a cell down to digits.
  plans          the numbering-plan rules per calling code.
  landline       ``is_landline``, ``landlines_many``: FIXED_LINE numbers, one or a column.
  verdict        ``OK``/``INVALID``/``EMPTY``/``CHECK``, problem codes and reasons
                 (English, Chinese).
  countries      ``country_choices``, ``country_name``, ``calling_code_of``.
  calling_codes  ``CALLING_CODES``, ``BY_PREFIX``, ``country_label``: calling codes and
                 country names without loading the metadata (~100 MiB), for reports.
"""

from __future__ import annotations

from .calling_codes import BY_PREFIX, CALLING_CODES, country_label
from .column import normalise_many
from .countries import calling_code_of, country_choices, country_name
from .number import normalise
from .verdict import CHECK, OK

__all__ = [
    "BY_PREFIX",
    "CALLING_CODES",
    "CHECK",
    "OK",
    "calling_code_of",
    "country_choices",
    "country_label",
    "country_name",
    "normalise",
    "normalise_many",
]
