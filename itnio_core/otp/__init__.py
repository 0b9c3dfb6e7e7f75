"""OTP verifications: sending one code, looking up what happened, and the history.

Modules:
  send     codes, orderIds, the form's checks and ``send_once`` (claimed in the store
           before the call, so a double click sends once); ``CHANNEL_LABELS``.
  store    OTP sends in the store.
  records  an ``orderId/record`` answer in plain words: result, fields, timeline.
  funnel   sent → delivered → verified → reported, by day and by country code.
"""

from __future__ import annotations

from . import funnel, records, send, store
from .send import CHANNEL_LABELS

__all__ = ["CHANNEL_LABELS", "funnel", "records", "send", "store"]
