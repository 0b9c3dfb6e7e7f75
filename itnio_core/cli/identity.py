"""Who a command acts as: ``--as NAME``, one of the console's users, or the computer's user.

With users in ``.streamlit/secrets.toml`` (``[users.NAME]``, or e-mails under ``[roles]`` when
people sign in with OpenID Connect), everything that sends or changes something names one of
them with ``--as``, and their role must allow it: the app's ``Action`` table and its words.
Read-only commands run without ``--as`` (as the computer's user) and still check the role of
a name that is given. With no users configured at all, the command line acts as the computer's
user, who may do everything, as whoever can run it could anyway.

No password is asked, on purpose. Whoever can run this command can read the server's files: the
database, and secrets.toml with the API secret and every password hash. A password would keep
out nobody who could not walk around it. ``--as`` puts a name on every record (API calls,
campaigns, the audit log, the daily cap) and keeps a viewer from sending by mistake; it is a
safeguard against mistakes, not against someone who has the server. The audit detail also
names the computer's user, so a record says who really ran the command.
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..access import AccessDenied, Action, Directory, User, audit, auth, require
from ..store import Store

# What names the actions that send or change something; every other action only reads.
CHANGES = auth.SENDING


@dataclass(frozen=True)
class Person:
    """Who a command acts as: ``name`` goes on every record."""

    name: str
    user: User | None  # the configured user ``--as`` named; None: the computer's user


def computer_user() -> str:
    return getpass.getuser()


def audit_detail() -> str:
    """The detail of every audit record a command writes: where it came from, and who ran it."""
    return f"from the command line (computer user {computer_user()})"


def person(as_name: str | None, action: Action | None, secrets: Mapping[str, Any]) -> Person:
    """Who the command acts as; ``AccessDenied`` in words when ``--as`` is missing or unknown.

    The role is checked by ``check``, once the store is open to record a refusal.
    """
    directory = Directory.from_secrets(secrets)
    if not directory.logins_configured:
        if as_name:
            raise AccessDenied(
                "No users are set up in .streamlit/secrets.toml, so the command line acts as "
                f"your computer user ({computer_user()}). Leave out --as.",
                message_zh="`.streamlit/secrets.toml` 中没有配置用户，命令行以本机用户"
                f"（{computer_user()}）的身份执行。请去掉 --as。",
            )
        return Person(computer_user(), None)
    if not as_name:
        if action in CHANGES:
            raise _say_who(directory, "")
        return Person(computer_user(), None)
    user = _find(directory, as_name)
    if user is None:
        raise _say_who(directory, f"There is no user called {as_name!r}. ")
    return Person(user.username, user)


def check(store: Store, who: Person, action: Action | None, command: str) -> None:
    """``AccessDenied`` with the app's words when the named user's role may not do ``action``;
    the refusal is written to the audit log."""
    if who.user is None or action is None:
        return
    try:
        require(who.user, action)
    except AccessDenied:
        audit.record(
            store, who.name, audit.ACCESS_DENIED, what=f"itnio {command}", result=audit.FAILED,
            detail=audit_detail(),
        )  # fmt: skip
        raise


def _find(directory: Directory, name: str) -> User | None:
    key = name.strip().lower()
    if key in directory.users:
        return directory.users[key]
    if directory.oidc and key in (directory.oidc_roles or {}):
        return directory.oidc_user(key)
    return None


def names(directory: Directory) -> list[str]:
    """Every name ``--as`` accepts."""
    signed_in_by_email = sorted(directory.oidc_roles or {}) if directory.oidc else []
    return sorted(directory.users) + signed_in_by_email


def _say_who(directory: Directory, first: str) -> AccessDenied:
    known = names(directory)
    if known:
        listed = f" (one of: {', '.join(known)})"
        listed_zh = f"（可选：{', '.join(known)}）"
    else:
        listed = " (none is listed yet: add [users.NAME] to .streamlit/secrets.toml)"
        listed_zh = "（尚未配置：请在 .streamlit/secrets.toml 中添加 [users.NAME]）"
    return AccessDenied(
        f"{first}Say who you are: --as NAME{listed}.",
        message_zh=f"请用 --as NAME 说明您是谁{listed_zh}。",
    )
