"""``itnio settings quiet-hours ...``: the sending windows per country calling code, as an
administrator sets them in Settings.

    settings quiet-hours set +91 09:00-21:00 --timezone Asia/Kolkata --as NAME
    settings quiet-hours set default 08:00-21:00 --timezone UTC --as NAME
    settings quiet-hours remove +91 --as NAME
    settings quiet-hours list [--json]
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .. import quiet_hours
from ..access import Action
from ..console import Console
from .common import AddCommand


def register(cmd: AddCommand, sub: Any) -> None:
    group = sub.add_parser("settings", help="settings an administrator changes")
    group_sub = group.add_subparsers(dest="settings_command", required=True)
    quiet = group_sub.add_parser(
        "quiet-hours", help="when promotional messages may go, per country calling code"
    )
    quiet_sub = quiet.add_subparsers(dest="quiet_command", required=True)
    c = cmd("set", _set, "set the sending window of a calling code (or the default)", quiet_sub)
    c.add_argument("calling_code", help="+91, or default for every other country")
    c.add_argument("hours", help="from-to on a 24-hour clock, e.g. 09:00-21:00")
    c.add_argument("--timezone", required=True, metavar="ZONE", help="e.g. Asia/Kolkata")
    c.set_defaults(action=Action.CHANGE_SETTINGS)
    c = cmd("remove", _remove, "no window for a calling code: sent at any hour", quiet_sub)
    c.add_argument("calling_code")
    c.set_defaults(action=Action.CHANGE_SETTINGS)
    c = cmd("list", _list, "the sending windows", quiet_sub)
    c.set_defaults(action=Action.VIEW)


def _data(rule: quiet_hours.Window) -> dict[str, Any]:
    code = "default" if rule.key == quiet_hours.DEFAULT_KEY else f"+{rule.key}"
    return {"calling_code": code, "country": quiet_hours.rules.label(rule.key),
            "hours": rule.hours, "timezone": rule.zone}  # fmt: skip


def _set(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    rule = quiet_hours.window(args.calling_code, args.hours, args.timezone)
    changed = quiet_hours.rules.save(console.store, rule, user=console.client.user)
    if not args.json:
        said = "set" if changed else "already set"
        print(f"Quiet hours {said}: {quiet_hours.rules.label(rule.key)} receives promotional "
              f"messages from {rule.opens:%H:%M} to {rule.closes:%H:%M} ({rule.zone}).",
              file=out)  # fmt: skip
    return {**_data(rule), "changed": changed}


def _remove(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    key = quiet_hours.windows.check_key(args.calling_code)
    quiet_hours.rules.check_known(key, quiet_hours.rules.load(console.store))
    quiet_hours.rules.remove(console.store, key, user=console.client.user)
    if not args.json:
        print(f"Quiet hours removed: {quiet_hours.rules.label(key)} is sent at any hour.", file=out)
    return {"calling_code": args.calling_code, "removed": True}


def _list(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    found = sorted(quiet_hours.rules.load(console.store).values(),
                   key=lambda r: (r.key == quiet_hours.DEFAULT_KEY, r.key))  # fmt: skip
    if not args.json:
        if not found:
            print("No quiet hours: campaigns go at any hour.", file=out)
        for r in found:
            print(f"{quiet_hours.rules.label(r.key)}: {r.hours} ({r.zone})", file=out)
    return [_data(r) for r in found]
