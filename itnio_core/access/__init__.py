"""access."""

from __future__ import annotations

from . import audit, auth, console_settings
from .auth import AccessDenied, Action, Directory, User, hash_password, require

__all__ = [
    "AccessDenied",
    "Action",
    "Directory",
    "User",
    "audit",
    "auth",
    "console_settings",
    "hash_password",
    "require",
]
