"""Delivery receipts pushed as the platform pushes them: one JSON POST per message.

When a message becomes final (after ``delivery_delay``, or at a release) and an address is
set (``SandboxConfig.dlr_url``, ``--dlr-url``, or ``push_to`` by the app that started the
sandbox), its receipt is POSTed there in the documented shape::

    {"appId": "sandSMS1", "orderId": "c12-r7", "msgid": "2108021059531000096",
     "mobile": "91850000000", "status": 0, "reason": "0", "timestamp": 1629801177192,
     "mcc": "404", "mnc": "-1",
     "pricedetail": {"pay": "0.0100", "currency": "USD", "chargeCnt": 2, "price": "0.0050"}}

Numbers ending in ``fail_last_digit`` fail (status 1, reason ``UNDELIV``) as in getReport.
Like the platform, it sometimes pushes a receipt twice (``duplicate_share``) and sometimes an
older receipt after the final one (``out_of_order_share``: for a delivered message, a failed
attempt a second before the delivery). A receipt not answered 200 is tried again a few times.
"""

from __future__ import annotations

import heapq
import json
import logging
import random
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

import requests

from .config import SandboxConfig, money
from .sms import Batch

log = logging.getLogger(__name__)

Url = str | Callable[[], str | None] | None
SENDERS = 2  # threads POSTing receipts
TRIES = 4
RETRY_SECONDS = 0.5
MCC = {"91": "404", "86": "460", "44": "234", "1": "310", "62": "510", "55": "724", "49": "262"}


def mcc_of(number: str) -> str:
    for size in (2, 1):
        if number[:size] in MCC:
            return MCC[number[:size]]
    return "000"


class ReceiptPusher:
    """Receipts waiting to be pushed, and the threads that push them."""

    def __init__(self, config: SandboxConfig, url: Url = None) -> None:
        self.config = config
        self.url: Url = url
        self._rng = random.Random(config.receipt_seed)
        self._lock = threading.Condition()
        self._due: list[tuple[float, int, Batch]] = []  # (monotonic due, tie, batch)
        self._ready: deque[dict[str, Any]] = deque()
        self._busy = 0
        self._stopped = False
        self._threads: list[threading.Thread] = []
        self.counts: Counter[str] = Counter()  # pushed, refused, duplicate, older

    # ------------------------------------------------------------ what to push
    def push_to(self, url: Url) -> None:
        """Push receipts to ``url`` (or what it returns when called) from now on."""
        with self._lock:
            self.url = url

    def sent(self, batch: Batch) -> None:
        """A batch was accepted: its receipts go when its delay is over (unless held)."""
        delay = self.config.delivery_delay
        if self.url is None or delay is None:
            return
        with self._lock:
            heapq.heappush(self._due, (time.monotonic() + delay, batch.first_seq, batch))
            self._start()
            self._lock.notify_all()

    def released(self, batches: list[Batch], now: float) -> None:
        """Batches made final now by a release: their receipts go at once."""
        if self.url is None:
            return
        with self._lock:
            for batch in batches:
                self._queue(batch, now)
            self._start()
            self._lock.notify_all()

    def _queue(self, batch: Batch, final_at: float) -> None:
        if batch.pushed:
            return
        batch.pushed = True
        for index in range(len(batch.numbers)):
            body = self.body(batch, index, final_at)
            self._ready.append(body)
            if self._rng.random() < self.config.out_of_order_share and body["status"] == 0:
                older = {**body, "status": 1, "reason": "ABSENT_SUBSCRIBER"}
                older["timestamp"] = body["timestamp"] - 1000
                self._ready.append(older)
                self.counts["older"] += 1
            if self._rng.random() < self.config.duplicate_share:
                self._ready.append(body)
                self.counts["duplicate"] += 1

    def body(self, batch: Batch, index: int, final_at: float) -> dict[str, Any]:
        """The receipt of one message, in the documented shape."""
        cfg = self.config
        number = batch.numbers[index]
        parts = batch.segments[index] if index < len(batch.segments) else 1
        failed = cfg.fails(number)
        return {
            "appId": cfg.sms_app_id,
            "orderId": batch.orders[index] if index < len(batch.orders) else "",
            "msgid": batch.msg_id(index),
            "mobile": number,
            "status": 1 if failed else 0,
            "reason": "UNDELIV" if failed else "0",
            "timestamp": int(final_at * 1000),
            "mcc": mcc_of(number),
            "mnc": "-1",
            "pricedetail": {
                "pay": money(cfg.price_for(number) * parts),
                "currency": cfg.receipt_currency,
                "chargeCnt": parts,
                "price": money(cfg.price_for(number)),
            },
        }

    # ------------------------------------------------------------ pushing
    def _start(self) -> None:
        if self._threads or self._stopped:
            return
        for n in range(SENDERS):
            thread = threading.Thread(target=self._run, name=f"sandbox-dlr-{n}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _next(self) -> dict[str, Any] | None:
        """The next receipt to push, waiting for one; None once stopped."""
        with self._lock:
            while not self._stopped:
                now = time.monotonic()
                while self._due and self._due[0][0] <= now:
                    _, _, batch = heapq.heappop(self._due)
                    delay = self.config.delivery_delay or 0.0
                    self._queue(batch, batch.sent_at + delay)
                if self._ready:
                    self._busy += 1
                    return self._ready.popleft()
                wait = self._due[0][0] - now if self._due else None
                self._lock.wait(wait)
            return None

    def _run(self) -> None:
        session = requests.Session()
        while (body := self._next()) is not None:
            try:
                self._post(session, body)
            finally:
                with self._lock:
                    self._busy -= 1
                    self._lock.notify_all()
        session.close()

    def _post(self, session: requests.Session, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json;charset=UTF-8"}
        for attempt in range(TRIES):
            url = self.url() if callable(self.url) else self.url
            if not url:
                return
            try:
                answer = session.post(url, data=data, headers=headers, timeout=10)
                if answer.status_code == 200:
                    with self._lock:
                        self.counts["pushed"] += 1
                    return
            except requests.RequestException:
                pass
            time.sleep(RETRY_SECONDS * (attempt + 1))
        with self._lock:
            self.counts["refused"] += 1
        log.warning("a delivery receipt was not accepted after %d tries", TRIES)

    def idle(self) -> bool:
        """Nothing waits to be pushed now and nothing is being pushed."""
        with self._lock:
            return not self._ready and not self._busy

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Until every receipt released so far was pushed (or ``timeout``)."""
        end = time.monotonic() + timeout
        with self._lock:
            while self._ready or self._busy:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(left)
        return True

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._lock.notify_all()
