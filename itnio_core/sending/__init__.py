"""The background sender: confirmed campaigns become API requests, each at most once.

Modules:
  sender  ``Sender``: claims a request (conditional update) before making it, stores the
          answer with it, marks a request whose answer never came as unknown (never resent).
  queue   the per-request statements (claim, answer), compiled once.
"""

from __future__ import annotations

from .sender import Sender

__all__ = ["Sender"]
