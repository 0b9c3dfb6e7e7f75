"""``POST /hooks/dlr/<token>``: the platform's receipts, stored before the answer.

The platform signs nothing and retries on anything but 200, so:

* a wrong token is 404 and counted; neither the body nor the token is logged;
* a body over 64 KiB, malformed JSON or missing fields is 400 with a short reason, and an
  appId that is not one of ours is 400 too: nothing is stored;
* a good receipt is 200 once it is committed (a failure to store is 503, so the platform
  tries again and no receipt is lost).

Receipts arriving together are written together (group commit): while one batch is being
written, the next ones gather, then go in one transaction. Each request still waits for its
own commit, so an answer of 200 means stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import anyio
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from .. import money
from ..common import limits
from ..phones import calling_code_of
from ..store import Store
from . import secret
from . import store as receipt_store
from .parse import Receipt, ReceiptRefused, parse_receipt

log = logging.getLogger(__name__)


@dataclass
class Receiver:
    """What the route needs: the store, our app ids, and the batch being gathered."""

    store: Store
    app_ids: frozenset[str]
    _pending: list[tuple[Receipt, asyncio.Future[None]]] = field(default_factory=list)
    _writing: asyncio.Task[None] | None = None

    async def store_one(self, receipt: Receipt) -> None:
        """Hand ``receipt`` to the batch being gathered; return once it is committed."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((receipt, done))
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._drain())
        await done

    async def _drain(self) -> None:
        await asyncio.sleep(0)  # requests read in this same turn of the loop join the batch
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                await anyio.to_thread.run_sync(self._write, [r for r, _ in batch])
            except Exception as exc:  # the database: every waiting request answers 503
                log.exception("could not store %d delivery receipts", len(batch))
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
            else:
                for _, done in batch:
                    if not done.done():
                        done.set_result(None)

    def _write(self, receipts: list[Receipt]) -> None:
        with self.store.engine.begin() as conn:
            receipt_store.store_receipts(conn, receipts)
        try:
            learn_prices(self.store, receipts)
        except Exception:  # the receipts are stored: a price not learned must not refuse them
            log.exception("could not learn prices from %d delivery receipts", len(receipts))

    def count(self, name: str) -> None:
        with self.store.engine.begin() as conn:
            receipt_store.count(conn, name)


def learn_prices(store: Store, receipts: Iterable[Receipt]) -> None:
    """The newest charge per destination among ``receipts`` becomes its learned price:
    one observation per calling code and batch, not one per receipt."""
    newest: dict[int, Receipt] = {}
    for receipt in receipts:
        code = calling_code_of(receipt.number) if receipt.number else None
        if code is None or not (receipt.price or receipt.pay):
            continue
        seen = newest.get(code)
        if seen is None or seen.timestamp_ms < receipt.timestamp_ms:
            newest[code] = receipt
    for code, receipt in newest.items():
        by_part = receipt.price is not None and receipt.price > 0
        money.observe_price(
            store,
            country=code,
            price=receipt.price if by_part else receipt.pay,
            parts=None if by_part else receipt.charge_cnt,
            currency=receipt.currency,
            when=datetime.fromtimestamp(receipt.timestamp_ms / 1000, UTC),
            source=money.learned.RECEIPT,
        )


_active: Receiver | None = None


def serve(store: Store, app_ids: Iterable[str]) -> Receiver:
    """Make this process answer receipts into ``store`` for ``app_ids`` (the server's start)."""
    global _active
    _active = Receiver(store, frozenset(a for a in app_ids if a))
    return _active


def stop() -> None:
    global _active
    _active = None


def _answer(status: int, text: str) -> Response:
    return PlainTextResponse(text, status_code=status)


async def receive(request: Request) -> Response:
    """The route's endpoint."""
    receiver = _active
    if receiver is None:
        return _answer(503, "not ready")
    given = str(request.path_params.get("token", ""))
    known = secret.matches_held(receiver.store, given)  # no thread while the token is fresh
    if known is None:
        known = await anyio.to_thread.run_sync(secret.matches, receiver.store, given)
    if not known:
        await anyio.to_thread.run_sync(receiver.count, receipt_store.WRONG_TOKEN)
        return _answer(404, "not found")
    body = await _read_body(request)
    try:
        if body is None:
            raise ReceiptRefused("body too large")
        receipt = parse_receipt(body)
        if receipt.app_id not in receiver.app_ids:
            raise ReceiptRefused("appId is not ours")
    except ReceiptRefused as refused:
        name = receipt_store.REFUSED
        if refused.reason == "appId is not ours":
            name = receipt_store.FOREIGN_APP
        await anyio.to_thread.run_sync(receiver.count, name)
        return _answer(400, refused.reason)
    try:
        await receiver.store_one(receipt)
    except Exception:
        return _answer(503, "not stored, try again")
    return _answer(200, "ok")


async def _read_body(request: Request) -> bytes | None:
    """The body, or None when it is (or says it is) over the limit: never read whole."""
    most = limits.RECEIPT_BODY_MAX_BYTES
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > most:
        return None
    parts: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > most:
                return None
            parts.append(chunk)
    except ClientDisconnect:
        return b""
    return b"".join(parts)


def route() -> Route:
    """``POST /hooks/dlr/{token}`` for the app's server."""
    return Route(secret.PATH_PREFIX + "{token}", receive, methods=["POST"])
