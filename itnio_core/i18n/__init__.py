"""i18n."""

from __future__ import annotations

from . import translate
from .translate import LANGUAGES

__all__ = ["LANGUAGES", "translate"]
