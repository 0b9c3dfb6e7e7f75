"""ITNIO Console core: signing, client, sandbox, store and the business logic.

Nothing in this package imports streamlit; the pages call into it.
"""

__version__ = "0.1.0"
