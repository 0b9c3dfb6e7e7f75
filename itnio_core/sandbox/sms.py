"""SMS rules: checking a batch send, and remembering every accepted message.

Nothing here locks or talks HTTP; :class:`~.simulator.Simulator` does both.
Messages are stored per request (one :class:`Batch` per send: a run of
consecutive sequence numbers plus the numbers), so a million messages cost
little more than their phone numbers, and a status is worked out only when
someone asks for it.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from ..api import sms_parts
from .config import Rejected, SandboxConfig, iso, msgid_prefix

MAX_CONTENT: Final = 1024
MAX_NUMBERS: Final = 1000
MAX_SENDER_ID: Final = 32
MAX_REPORT_IDS: Final = 200
FIRST_SEQ: Final = 1_000_001
LAST_SEQ: Final = 9_999_999  # the 7-digit sequence; the sandbox holds 8,999,999 messages


def valid_number(number: str) -> bool:
    """Country code plus number, digits only, 7 to 15 of them."""
    return 7 <= len(number) <= 15 and number.isascii() and number.isdigit()


@dataclass
class SendPlan:
    """What a valid send request will do, before any money moves."""

    accepted: list[tuple[str, str]] = field(default_factory=list)  # (number, orderId)
    segments: list[int] = field(default_factory=list)  # parts charged, per accepted number
    failed: int = 0
    cost: Decimal = Decimal(0)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",")]


def _check_item(item: Any, cfg: SandboxConfig) -> tuple[list[str], list[str] | None, str]:
    """One ``array`` entry → (numbers, orderIds or None, content); raises :class:`Rejected`."""
    if not isinstance(item, Mapping):
        raise Rejected("-8", "Number is empty: array entries must be objects")
    numbers = item.get("numbers")
    if not isinstance(numbers, str) or not numbers.strip():
        raise Rejected("-8")
    content = item.get("content")
    if not isinstance(content, str) or not content:
        raise Rejected("-4")
    if len(content) > MAX_CONTENT:
        raise Rejected("-5", f"SMS content is too long: {len(content)} > {MAX_CONTENT} characters")
    if cfg.sensitive_word_in(content):
        raise Rejected("-3")
    sender = item.get("senderId")
    if sender is not None and (not isinstance(sender, str) or len(sender) > MAX_SENDER_ID):
        raise Rejected("-9", f"senderId longer than {MAX_SENDER_ID} characters")
    parts = _split(numbers)
    raw_orders = item.get("orderId")
    orders: list[str] | None = None
    if raw_orders is not None and raw_orders != "":
        orders = _split(str(raw_orders))
        if len(orders) != len(parts):
            raise Rejected(
                "-9", f"orderId count ({len(orders)}) differs from numbers count ({len(parts)})"
            )
    return parts, orders, content


def plan_batch(body: Mapping[str, Any], cfg: SandboxConfig) -> SendPlan:
    """Apply every documented check of ``/sms/sendSms/batch`` except the balance."""
    array = body.get("array")
    if not isinstance(array, list) or not array:
        raise Rejected("-8", "Number is empty: array is missing or empty")
    items = [_check_item(item, cfg) for item in array]
    total = sum(len(parts) for parts, _, _ in items)
    if total > MAX_NUMBERS:
        raise Rejected("-7", f"Too many numbers: {total} > {MAX_NUMBERS} in one request")
    plan = SendPlan()
    for parts, orders, content in items:
        count = sms_parts.segments(content)
        for i, number in enumerate(parts):
            if valid_number(number):
                plan.accepted.append((number, orders[i] if orders else ""))
                plan.segments.append(count)
                plan.cost += cfg.price_for(number) * count
            else:
                plan.failed += 1
    return plan


@dataclass
class Batch:
    """The messages one send request created: sequence numbers first_seq, first_seq+1, …"""

    first_seq: int
    prefix: str
    sent_at: float
    numbers: list[str]
    released_at: float | None = None  # made final early by a release (``deliver``)
    done_iso: str = ""
    orders: list[str] = field(default_factory=list)  # orderId per number ("" when none)
    segments: list[int] = field(default_factory=list)  # parts charged per number
    pushed: bool = False  # its receipts were handed to the pusher

    def msg_id(self, index: int) -> str:
        return f"{self.prefix}{self.first_seq + index}"


class SmsLedger:
    """Every accepted SMS and its conversions. Not thread-safe on its own."""

    def __init__(self, cfg: SandboxConfig) -> None:
        self._cfg = cfg
        self._next_seq = FIRST_SEQ
        self._starts: list[int] = []
        self._batches: list[Batch] = []
        self._released_upto = 0  # batches before this index are final (released)
        self.converted: dict[str, float] = {}  # msgId -> conversion time (epoch seconds)

    @property
    def room(self) -> int:
        return LAST_SEQ - self._next_seq + 1

    def add(
        self,
        numbers: list[str],
        now: float,
        orders: list[str] | None = None,
        segments: list[int] | None = None,
    ) -> Batch:
        """Store one request's accepted numbers; the batch holds their msgIds in order."""
        first, prefix = self._next_seq, msgid_prefix(now)
        self._next_seq += len(numbers)
        self._starts.append(first)
        batch = Batch(first, prefix, now, numbers, orders=orders or [], segments=segments or [])
        self._batches.append(batch)
        return batch

    def deliver(self, now: float) -> list[Batch]:
        """Make every message still "sending" final at ``now``; the batches released."""
        released: list[Batch] = []
        for batch in self._batches[self._released_upto :]:
            done_at = self._cfg.final_at(batch.sent_at, batch.released_at)
            if done_at is None or now < done_at:
                batch.released_at, batch.done_iso = now, ""
                released.append(batch)
        self._released_upto = len(self._batches)
        return released

    def find(self, msg_id: str) -> tuple[Batch, int] | None:
        """The batch holding ``msg_id`` and its index there, or None."""
        if len(msg_id) != 19 or not (msg_id.isascii() and msg_id.isdigit()):
            return None
        seq = int(msg_id[12:])
        pos = bisect.bisect_right(self._starts, seq) - 1
        if pos < 0:
            return None
        batch = self._batches[pos]
        index = seq - batch.first_seq
        if index >= len(batch.numbers) or batch.prefix != msg_id[:12]:
            return None
        return batch, index

    def number_of(self, msg_id: str) -> str | None:
        found = self.find(msg_id)
        return None if found is None else found[0].numbers[found[1]]

    def report(self, msg_ids: list[str], now: float) -> dict[str, Any]:
        """The ``/sms/getReport`` answer for already-checked ids."""
        final_at, fails = self._cfg.final_at, self._cfg.fails
        counts = {"0": 0, "1": 0, "-1": 0}
        nofound = 0
        rows: list[dict[str, str]] = []
        for msg_id in dict.fromkeys(msg_ids):
            found = self.find(msg_id)
            if found is None:
                nofound += 1
                continue
            batch, index = found
            number = batch.numbers[index]
            done_at = final_at(batch.sent_at, batch.released_at)
            if done_at is None or now < done_at:
                status, received = "-1", ""
            else:
                if not batch.done_iso:
                    batch.done_iso = iso(done_at)
                status, received = ("1" if fails(number) else "0"), batch.done_iso
            counts[status] += 1
            rows.append(
                {"msgId": msg_id, "number": number, "receiveTime": received, "status": status}
            )
        return {
            "status": "0",
            "reason": "success",
            "success": str(counts["0"]),
            "fail": str(counts["1"]),
            "sending": str(counts["-1"]),
            "nofound": str(nofound),
            "array": rows,
        }


def parse_report_ids(msg_ids: str | None) -> list[str]:
    """The ids of a getReport query; -14 when there are none or more than 200."""
    ids = [part for part in _split(msg_ids or "") if part]
    if not ids:
        raise Rejected("-14", "Field is empty: msgIds")
    if len(ids) > MAX_REPORT_IDS:
        raise Rejected("-14", f"Query ID is abnormal: {len(ids)} > {MAX_REPORT_IDS} msgIds")
    return ids
