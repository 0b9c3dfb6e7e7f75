"""ITNIO Console's server: ``streamlit run server.py`` (``scripts/start`` does it).

``app.py`` (navigation and pages) served as an ``st.App``, with the lifespan that starts
background work with the server and the app's own HTTP routes (see ``itnio_core.server``).
"""

import streamlit as st

from itnio_core.server import lifespan, routes

app = st.App("app.py", lifespan=lifespan, routes=routes())
