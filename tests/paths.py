"""Where the project's files are, for tests in any folder below ``tests/``."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")  # AppTest takes an absolute path as it is
SERVER = str(ROOT / "server.py")  # the app as its server runs it: pages, routes, lifespan


def script(relative: str) -> str:
    """A page script (``views/...``) as the absolute path AppTest wants."""
    return str(ROOT / relative)


def subprocess_env(**changes: str) -> dict[str, str]:
    """This environment plus ``changes``, for ``python -m itnio_core ...`` run in a test's
    own folder: the project is found through PYTHONPATH, not the working directory."""
    return {**os.environ, "PYTHONPATH": str(ROOT), **changes}
