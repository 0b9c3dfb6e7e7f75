"""What logs, errors and screens may show of a secret or a phone number: only a hint."""

from __future__ import annotations


def mask(secret: str | None, keep: int = 2) -> str:
    """Show just enough of a key to recognise it: ``bDq…f4``."""
    if not secret:
        return "(not set)"
    if len(secret) <= keep * 2 + 3:
        return "…"  # too short to show any part safely
    return f"{secret[: keep + 1]}…{secret[-keep:]}"


def mask_number(number: str) -> str:
    """``919876543210`` → ``9198****3210`` for logs and lists."""
    n = str(number)
    if len(n) <= 4:
        return "*" * len(n)
    keep = 4 if len(n) > 10 else 2
    return n[:keep] + "*" * (len(n) - 2 * keep) + n[-keep:]
