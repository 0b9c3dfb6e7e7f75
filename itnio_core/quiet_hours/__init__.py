"""Quiet hours: sending windows per country calling code (India +91: 09:00–21:00 in
Asia/Kolkata), and holding each recipient's message until their own window opens.

Modules:
  windows  ``Window`` (``is_open``, ``opens_at``: across midnight and date changes),
           ``window(key, "09:00-21:00", zone)`` from what a person typed, ``DEFAULT_KEY``.
  rules    the windows kept in the store (``load``, ``save``, ``remove``, audited);
           ``keys_of(numbers, rules)``: the rule each number falls under.
  review   ``review(numbers, rules, at=...)`` → per country: go now, held, until when
           (theirs and the sender's time), and whether the country spans several zones;
           ``held_list`` for ``send --dry-run --json``.
  holds    in the store: ``hold_closed`` (a campaign starting while a window is closed),
           ``release_due`` (the sender, when it opens), ``held_until``.
  clock    the clock they are judged by (epoch seconds, injectable; in sandbox mode an
           administrator can move it to rehearse).

Campaign requests are planned per rule (``campaigns.plan``), so one request never mixes
numbers that go now with numbers that wait. OTPs are transactions and are never held.
"""

from __future__ import annotations

from . import clock, holds, review, rules, windows
from .clock import Clock, clock_for, moment, sandbox_offset, set_sandbox_time
from .holds import HELD, held_until, hold_closed, release_due
from .review import CountryHold, held_list
from .rules import Rules, key_of, keys_of
from .windows import DEFAULT_KEY, Window, window

__all__ = [
    "DEFAULT_KEY",
    "HELD",
    "Clock",
    "CountryHold",
    "Rules",
    "Window",
    "clock",
    "clock_for",
    "held_list",
    "held_until",
    "hold_closed",
    "holds",
    "key_of",
    "keys_of",
    "moment",
    "release_due",
    "review",
    "rules",
    "sandbox_offset",
    "set_sandbox_time",
    "window",
    "windows",
]
