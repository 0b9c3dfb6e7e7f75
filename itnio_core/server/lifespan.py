"""What the app's server does when it starts and stops: background work begins with it.

The server (``server.py``: ``st.App("app.py", lifespan=lifespan, routes=routes())``)
opens the console once, refuses to start on a database that is not migrated (saying to run
``itnio db upgrade``), answers delivery receipts (``itnio_core.receipts``; in sandbox mode
the sandbox pushes its receipts to this server), and runs the worker in its own process unless
``ITNIO_WORKER_IN_WEB`` says another process does (``itnio worker``).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import AsyncIterator, Callable
from typing import Any

from .. import receipts
from ..common import ItnioError, Settings
from ..console import open_console
from ..worker import start_here, stop_here

log = logging.getLogger(__name__)


OwnAddress = Callable[[], str]


def lifespan_for(own_address: OwnAddress | None = None) -> Callable[[Any], Any]:
    """The lifespan, knowing where this server listens (``http://127.0.0.1:8501``): the
    sandbox it starts in sandbox mode pushes its delivery receipts there."""

    def bound(app: Any) -> contextlib.AbstractAsyncContextManager[dict[str, Any]]:
        return _lifespan(app, own_address)

    return bound


def lifespan(app: Any) -> contextlib.AbstractAsyncContextManager[dict[str, Any]]:
    return _lifespan(app, None)


@contextlib.asynccontextmanager
async def _lifespan(_app: Any, own_address: OwnAddress | None) -> AsyncIterator[dict[str, Any]]:
    settings = Settings.load()
    try:
        console = open_console(settings)
    except ItnioError as exc:
        # Said plainly where whoever starts the server looks; then the server does not start.
        print(f"ITNIO Console cannot start: {exc.user_message}", file=sys.stderr, flush=True)
        raise
    receipts.serve(console.store, (console.settings.sms_app_id, console.settings.otp_app_id))
    if console.sandbox is not None and own_address is not None:
        base, store = own_address(), console.store
        console.sandbox.simulator.push_receipts_to(lambda: receipts.address(store, base))
    worker = start_here(console) if settings.worker_in_web else None
    if worker is None:
        log.info("background work runs elsewhere (ITNIO_WORKER_IN_WEB is off)")
    try:
        yield {"console": console}
    finally:
        receipts.stop()
        if console.sandbox is not None and own_address is not None:
            console.sandbox.simulator.push_receipts_to(None)
        stop_here()
        console.close()
