"""The app's own HTTP server: its start-up and shutdown, and the routes beside the pages.

``server.py`` at the project root serves ``app.py`` as an ``st.App`` with these.

Modules:
  lifespan  ``lifespan``: open the console, refuse an unmigrated database, start and stop the
            background work (``itnio_core.worker``) with the server.
  health    ``healthz``: ``GET /healthz`` answers 200 with the database reachable, else 503.

Routes: ``GET /healthz``, ``POST /hooks/dlr/<token>`` (delivery receipts,
``itnio_core.receipts``), and ``POST /auth/cookie`` / ``/auth/cookie/clear`` (``cookies``:
the HttpOnly sign-in cookie, set from a one-time ticket).
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from .. import receipts
from .cookies import clear_cookie, set_cookie
from .health import healthz
from .lifespan import lifespan, lifespan_for


def routes() -> list[BaseRoute]:
    """Every HTTP route the app serves beside its pages."""
    return [
        Route("/healthz", healthz, methods=["GET"]),
        receipts.route(),
        Route("/auth/cookie", set_cookie, methods=["POST"]),
        Route("/auth/cookie/clear", clear_cookie, methods=["POST"]),
    ]


__all__ = ["healthz", "lifespan", "lifespan_for", "routes"]
