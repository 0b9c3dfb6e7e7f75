"""Where the project's files are, for tests in any folder below ``tests/``."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")  # AppTest takes an absolute path as it is


def script(relative: str) -> str:
    """A page script (``views/...``) as the absolute path AppTest wants."""
    return str(ROOT / relative)
