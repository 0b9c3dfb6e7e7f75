"""The background sender: turns confirmed campaigns into API requests.

The rules that make a send happen at most once:
- a request is claimed with one conditional UPDATE (pending → in_flight)
  before it is made, so two workers, tabs or processes cannot both make it;
- its answer is recorded in the same transaction that marks it done;
- a request left in flight by a crash, or whose answer never came, becomes
  "unknown" and is never made again automatically;
- only a request that certainly never reached the platform goes back to
  pending.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from . import campaign_store as cs
from .client import ItnioClient
from .errors import ApiStatusError, ItnioError, TransportError
from .models import BatchItem, SendResult
from .schema import campaigns, contents, recipients, send_requests
from .store import Store

log = logging.getLogger(__name__)

UNKNOWN_EN = (
    "The platform did not answer for {n} recipients, so nobody can tell whether their messages "
    "were sent. They will not be sent again automatically: check their delivery report before "
    "resuming or sending to them again."
)
UNKNOWN_ZH = (
    "平台没有对 {n} 位接收人的请求作出响应,无法确定短信是否已发出。系统不会自动重发:"
    "请先查看这些接收人的发送报告,再决定是否继续或重新发送。"
)


class Sender:
    """One per process. ``wake()`` after confirming a campaign to start at once."""

    def __init__(
        self,
        store: Store,
        client_for: Callable[[str | None], ItnioClient],
        *,
        max_in_flight: int = 4,
        poll_interval: float = 1.0,
        lease_seconds: float = 120.0,
    ) -> None:
        self.store = store
        self._client_for = client_for
        self.max_in_flight = max_in_flight
        self.poll_interval = poll_interval
        self.lease = timedelta(seconds=lease_seconds)
        self.id = uuid.uuid4().hex
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_in_flight, thread_name_prefix="itnio-send")
        self._in_flight: set[Future[None]] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ lifecycle
    def start(self) -> Sender:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="itnio-sender", daemon=True)
            self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, wait: bool = True) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None and wait:
            self._thread.join(timeout=30)
        self._pool.shutdown(wait=wait)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.step()
            except Exception:  # the loop must survive a database hiccup
                log.exception("sender step failed")
            self._wake.wait(self.poll_interval)
            self._wake.clear()

    # ------------------------------------------------------------ one pass
    def step(self) -> int:
        """Recover, start due campaigns, claim and launch requests. Returns launched count."""
        self.recover_stale()
        self._start_due()
        launched = 0
        with self._lock:
            self._in_flight = {f for f in self._in_flight if not f.done()}
            room = self.max_in_flight - len(self._in_flight)
        for request_id in self._claim(room):
            future = self._pool.submit(self._run_request, request_id)
            future.add_done_callback(lambda _f: self._wake.set())
            with self._lock:
                self._in_flight.add(future)
            launched += 1
        self._finish_done_campaigns()
        return launched

    def run_until_idle(self, timeout: float = 600.0) -> None:
        """Send in this thread until nothing is pending or in flight (CLI, tests)."""
        deadline = cs.now() + timedelta(seconds=timeout)
        while cs.now() < deadline:
            self.step()
            with self._lock:
                busy = [f for f in self._in_flight if not f.done()]
            if not busy and not self._has_work():
                self._finish_done_campaigns()
                return
            if busy:
                busy[0].result()
        raise TimeoutError("sending did not finish in time")

    def _has_work(self) -> bool:
        q = (
            sa.select(sa.func.count())
            .select_from(send_requests.join(campaigns))
            .where(
                send_requests.c.state.in_(("pending", "in_flight")),
                campaigns.c.status == cs.SENDING,
            )
        )
        with self.store.engine.connect() as conn:
            return bool(conn.execute(q).scalar())

    def recover_stale(self) -> int:
        """In-flight requests older than the lease, not ours: outcome unknown."""
        cutoff = cs.now() - self.lease
        with self.store.engine.begin() as conn:
            stale = conn.execute(
                sa.select(send_requests.c.id, send_requests.c.campaign_id).where(
                    send_requests.c.state == "in_flight",
                    send_requests.c.started_at < cutoff,
                    send_requests.c.claimed_by != self.id,
                )
            ).all()
        for request_id, campaign_id in stale:
            # A crash, not a live timeout: keep the campaign going without this request.
            self._mark_unknown(int(request_id), int(campaign_id), None, stop=False)
        return len(stale)

    def _start_due(self) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(
                campaigns.update()
                .where(
                    sa.or_(
                        campaigns.c.status == cs.QUEUED,
                        sa.and_(
                            campaigns.c.status == cs.SCHEDULED, campaigns.c.scheduled_at <= cs.now()
                        ),
                    )
                )
                .values(
                    status=cs.SENDING, started_at=sa.func.coalesce(campaigns.c.started_at, cs.now())
                )
            )

    def _claim(self, room: int) -> list[int]:
        if room <= 0:
            return []
        candidates = (
            sa.select(send_requests.c.id)
            .select_from(send_requests.join(campaigns))
            .where(send_requests.c.state == "pending", campaigns.c.status == cs.SENDING)
            .order_by(send_requests.c.campaign_id, send_requests.c.seq)
            .limit(room)
        )
        claimed: list[int] = []
        with self.store.engine.begin() as conn:
            for (request_id,) in conn.execute(candidates).all():
                # The condition makes the claim exclusive across threads and processes.
                done = conn.execute(
                    send_requests.update()
                    .where(send_requests.c.id == request_id, send_requests.c.state == "pending")
                    .values(state="in_flight", claimed_by=self.id, started_at=cs.now())
                ).rowcount
                if done == 1:
                    claimed.append(int(request_id))
        return claimed

    # ------------------------------------------------------------ one request
    def _run_request(self, request_id: int) -> None:
        campaign_id, user, items = self._load_request(request_id)
        client = self._client_for(user)
        try:
            result = client.send_request(items)
        except TransportError as exc:
            if exc.may_have_reached_server:
                self._mark_unknown(request_id, campaign_id, exc)
            else:
                self._back_to_pending(request_id, campaign_id, exc)
            return
        except ItnioError as exc:
            self._rejected(request_id, campaign_id, exc)
            return
        except Exception:
            log.exception("unexpected error sending request %s", request_id)
            self._mark_unknown(request_id, campaign_id, None)
            raise
        self.record_result(request_id, campaign_id, result)

    def _load_request(self, request_id: int) -> tuple[int, str | None, list[BatchItem]]:
        with self.store.engine.connect() as conn:
            campaign_id, sender_id, user = conn.execute(
                sa.select(campaigns.c.id, campaigns.c.sender_id, campaigns.c.confirmed_by)
                .select_from(send_requests.join(campaigns))
                .where(send_requests.c.id == request_id)
            ).one()
            rows = conn.execute(
                sa.select(recipients.c.number, recipients.c.order_id, recipients.c.content_id)
                .where(
                    recipients.c.campaign_id == campaign_id, recipients.c.request_id == request_id
                )
                .order_by(recipients.c.content_id, recipients.c.row_index)
            ).all()
            content_ids = sorted({r[2] for r in rows})
            texts = dict(
                conn.execute(
                    sa.select(contents.c.content_id, contents.c.text).where(
                        contents.c.campaign_id == campaign_id,
                        contents.c.content_id.in_(content_ids),
                    )
                ).all()
            )
        grouped: dict[int, tuple[list[str], list[str]]] = {}
        for number, order_id, content_id in rows:
            nums, orders = grouped.setdefault(content_id, ([], []))
            nums.append(number)
            orders.append(order_id)
        items = [
            BatchItem(tuple(nums), texts[cid], sender_id or "", tuple(orders))
            for cid, (nums, orders) in grouped.items()
        ]
        return int(campaign_id), user, items

    def record_result(self, request_id: int, campaign_id: int, result: SendResult) -> None:
        """Store every msgId and the request's outcome in one transaction."""
        by_order = {m.order_id: m.msg_id for m in result.messages if m.order_id}
        by_number = {m.number: m.msg_id for m in result.messages}
        with self.store.engine.begin() as conn:
            rows = conn.execute(
                sa.select(recipients.c.row_index, recipients.c.number, recipients.c.order_id).where(
                    recipients.c.campaign_id == campaign_id, recipients.c.request_id == request_id
                )
            ).all()
            updates: list[dict[str, Any]] = []
            for row_index, number, order_id in rows:
                msg_id = by_order.get(order_id) or by_number.get(number)
                updates.append(
                    {
                        "b_row": row_index,
                        "msg_id": msg_id,
                        "submit_status": "sent" if msg_id else "failed",
                        "error": None if msg_id else "The platform did not accept this number.",
                    }
                )
            if updates:
                conn.execute(
                    recipients.update()
                    .where(
                        recipients.c.campaign_id == campaign_id,
                        recipients.c.row_index == sa.bindparam("b_row"),
                    )
                    .values(
                        msg_id=sa.bindparam("msg_id"),
                        submit_status=sa.bindparam("submit_status"),
                        error=sa.bindparam("error"),
                    ),
                    updates,
                )
            accepted = sum(1 for u in updates if u["msg_id"])
            conn.execute(
                send_requests.update()
                .where(send_requests.c.id == request_id)
                .values(
                    state="done",
                    success=accepted,
                    fail=len(updates) - accepted,
                    finished_at=cs.now(),
                    status_code=0,
                )
            )

    def _mark_unknown(
        self, request_id: int, campaign_id: int, exc: ItnioError | None, *, stop: bool = True
    ) -> None:
        with self.store.engine.begin() as conn:
            changed = conn.execute(
                send_requests.update()
                .where(send_requests.c.id == request_id, send_requests.c.state == "in_flight")
                .values(
                    state="unknown",
                    finished_at=cs.now(),
                    error_en=exc.user_message if exc else "Interrupted while sending.",
                    error_zh=exc.message_zh if exc else "发送过程中被中断。",
                )
            ).rowcount
            if not changed:
                return
            conn.execute(
                recipients.update()
                .where(
                    recipients.c.campaign_id == campaign_id, recipients.c.request_id == request_id
                )
                .values(
                    submit_status="unknown",
                    error="Outcome unknown: the platform did not answer. Not re-sent.",
                )
            )
            if stop:  # the platform is not answering: let the person look before going on
                n = conn.execute(
                    sa.select(send_requests.c.numbers).where(send_requests.c.id == request_id)
                ).scalar_one()
                self._stop_campaign(
                    conn, campaign_id, None, UNKNOWN_EN.format(n=n), UNKNOWN_ZH.format(n=n)
                )

    def _back_to_pending(self, request_id: int, campaign_id: int, exc: ItnioError) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(
                send_requests.update()
                .where(send_requests.c.id == request_id)
                .values(
                    state="pending",
                    claimed_by=None,
                    started_at=None,
                    error_en=exc.user_message,
                    error_zh=exc.message_zh,
                )
            )
            self._stop_campaign(conn, campaign_id, None, exc.user_message, exc.message_zh)

    def _rejected(self, request_id: int, campaign_id: int, exc: ItnioError) -> None:
        """The platform refused the request: nothing in it was sent; stop and explain."""
        code = exc.status if isinstance(exc, ApiStatusError) else None
        with self.store.engine.begin() as conn:
            conn.execute(
                send_requests.update()
                .where(send_requests.c.id == request_id)
                .values(
                    state="pending",
                    claimed_by=None,
                    started_at=None,
                    status_code=code,
                    error_en=exc.user_message,
                    error_zh=exc.message_zh,
                )
            )
            self._stop_campaign(conn, campaign_id, code, exc.user_message, exc.message_zh)

    @staticmethod
    def _stop_campaign(
        conn: sa.Connection, campaign_id: int, code: int | None, en: str, zh: str
    ) -> None:
        conn.execute(
            campaigns.update()
            .where(campaigns.c.id == campaign_id, campaigns.c.status.in_(cs.ACTIVE))
            .values(status=cs.STOPPED, stop_code=code, stop_message_en=en, stop_message_zh=zh)
        )

    def _finish_done_campaigns(self) -> None:
        open_requests = (
            sa.select(send_requests.c.id)
            .where(
                send_requests.c.campaign_id == campaigns.c.id,
                send_requests.c.state.in_(("pending", "in_flight")),
            )
            .exists()
        )
        with self.store.engine.begin() as conn:
            conn.execute(
                campaigns.update()
                .where(campaigns.c.status == cs.SENDING, ~open_requests)
                .values(status=cs.FINISHED, finished_at=cs.now())
            )
