"""Page scripts for the ITNIO Console.

Each ``views/<name>.py`` is a thin script that ``st.navigation`` runs (see
``PAGES`` in ``app.py``). It reads input, calls ``itnio_core`` and renders;
helpers every page needs live in ``views/_ui/shared.py`` and every session-state
and widget key is named in ``views/_ui/state.py``.

Why not ``pages/``: Streamlit treats a ``pages/`` folder next to the entrypoint
as a legacy multipage app until the first run of ``app.py`` in the process, so
a fresh server opened at a deep link (``/connection``) would run the page file
alone and list every file in the sidebar. Keep page scripts here.
"""
