"""Who may use the console, what each person may do, what they did, and the settings an
administrator changes.

Modules:
  auth              users from secrets.toml (bcrypt), ``Role``/``Action``/``User``,
                    ``require`` (raises ``AccessDenied``), lockout after wrong passwords,
                    remembered sign-ins; ``hash_password`` for the CLI.
  audit             the audit log: ``record``, ``entries``, and its .xlsx export.
  sso               single sign-on: who gets in (e-mail, verified, ``[roles]`` or
                    ``default_role``; else ``SignInRefused``) and a sign-in's standing in the
                    store (new, active, ended), so it is audited once and ends when idle.
  tickets           one-time tickets the server exchanges for the HttpOnly sign-in cookie.
  console_settings  the stored defaults (country, sender ID, thresholds, daily cap) and each
                    person's language.
  profiles          each person's own numbers, for "send yourself a test".
"""

from __future__ import annotations

from . import audit, auth, console_settings, profiles, sso, tickets
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
    "profiles",
    "require",
    "sso",
    "tickets",
]
