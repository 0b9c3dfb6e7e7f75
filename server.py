"""ITNIO Console's server: ``streamlit run server.py`` (``scripts/start`` does it).

``app.py`` (navigation and pages) served as an ``st.App``, with the lifespan that starts
background work with the server and the app's own HTTP routes (see ``itnio_core.server``):
``GET /healthz`` and the delivery receipt address ``POST /hooks/dlr/<token>``.
"""

import streamlit as st

from itnio_core.server import lifespan_for, routes


def own_address() -> str:
    """Where this server answers on this machine: the built-in sandbox pushes receipts here."""
    host = str(st.get_option("server.address") or "127.0.0.1")
    if host in ("0.0.0.0", "::", "localhost"):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{st.get_option('server.port')}"


app = st.App("app.py", lifespan=lifespan_for(own_address), routes=routes())
