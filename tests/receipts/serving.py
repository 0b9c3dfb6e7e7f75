"""The app's routes served by uvicorn in a thread on a free loopback port, for tests that
speak real HTTP to the receipt address without starting the whole app."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import uvicorn
from starlette.applications import Starlette

from itnio_core.server import routes
from tests.processes import free_port
from tests.waiting import wait_until


@contextlib.contextmanager
def serving_routes() -> Iterator[str]:
    """Yield the base URL (``http://127.0.0.1:PORT``) while the routes are served."""
    port = free_port()
    config = uvicorn.Config(
        Starlette(routes=routes()), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="test-routes", daemon=True)
    thread.start()
    wait_until(lambda: server.started, "the routes are served")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
