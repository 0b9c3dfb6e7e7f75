"""English and Simplified Chinese for everything the console shows.

Modules:
  translate  ``translate(text, lang)``, ``normalise(lang)``, number and date formats, and
             ``LANGUAGES``; the Chinese texts are in ``locales/zh_*.py``.
"""

from __future__ import annotations

from . import translate
from .translate import LANGUAGES

__all__ = ["LANGUAGES", "translate"]
