"""What the app's server does when it starts and stops: background work begins with it.

The server (``server.py``: ``st.App("app.py", lifespan=lifespan, routes=routes())``)
opens the console once, refuses to start on a database that is not migrated (saying to run
``itnio db upgrade``), and runs the worker in its own process unless
``ITNIO_WORKER_IN_WEB`` says another process does (``itnio worker``).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import AsyncIterator
from typing import Any

from ..common import ItnioError, Settings
from ..console import open_console
from ..worker import start_here, stop_here

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[dict[str, Any]]:
    settings = Settings.load()
    try:
        console = open_console(settings)
    except ItnioError as exc:
        # Said plainly where whoever starts the server looks; then the server does not start.
        print(f"ITNIO Console cannot start: {exc.user_message}", file=sys.stderr, flush=True)
        raise
    worker = start_here(console) if settings.worker_in_web else None
    if worker is None:
        log.info("background work runs elsewhere (ITNIO_WORKER_IN_WEB is off)")
    try:
        yield {"console": console}
    finally:
        stop_here()
        console.close()
