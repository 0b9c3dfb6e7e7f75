"""``itnio templates list|add|show|archive``: the message templates of New campaign, from a
shell. ``send FILE --template NAME`` starts a campaign from one.

    templates list [--all] [--json]
    templates add NAME --content "Hi {Name}" [--sender-id S] [--note TEXT] --as NAME
    templates show NAME [--timezone ZONE] [--json]     (with its history)
    templates archive NAME --as NAME                   (administrators)
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .. import templates
from ..access import Action
from ..common import zone_named
from ..console import Console
from .common import AddCommand
from .identity import audit_detail


def register(cmd: AddCommand, sub: Any) -> None:
    group = sub.add_parser("templates", help="saved messages to start campaigns from")
    group_sub = group.add_subparsers(dest="templates_command", required=True)
    c = cmd("list", _list, "the templates, by name", group_sub)
    c.add_argument("--all", action="store_true", help="archived ones too")
    c.set_defaults(action=Action.VIEW)
    c = cmd("add", _add, "save a new template", group_sub)
    c.add_argument("name")
    c.add_argument("--content", required=True, help="the message; {Column} fills in a value")
    c.add_argument("--sender-id", default="")
    c.add_argument("--note", default="")
    c.set_defaults(action=Action.SEND_CAMPAIGN)
    c = cmd("show", _show, "one template and who changed it when", group_sub)
    c.add_argument("name")
    c.add_argument("--timezone", metavar="ZONE", help="show times in this zone")
    c.set_defaults(action=Action.VIEW)
    c = cmd("archive", _archive, "archive a template (administrators)", group_sub)
    c.add_argument("name")
    c.set_defaults(action=Action.CHANGE_SETTINGS)


def _data(t: templates.Template) -> dict[str, Any]:
    return {
        "id": t.id, "name": t.name, "content": t.content, "sender_id": t.sender_id,
        "note": t.note, "placeholders": templates.placeholders.placeholders(t.content),
        "created_at": t.created_at.isoformat(), "created_by": t.created_by,
        "updated_at": t.updated_at.isoformat(), "updated_by": t.updated_by,
        "archived_at": t.archived_at.isoformat() if t.archived_at else None,
    }  # fmt: skip


def _list(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    found = templates.list_templates(console.store, include_archived=args.all)
    if not args.json:
        if not found:
            print("No templates yet. Add one with: scripts/itnio templates add NAME --content "
                  '"Hi {Name}"', file=out)  # fmt: skip
        for t in found:
            archived = " (archived)" if t.archived else ""
            print(f"{t.name}{archived}: {t.content}", file=out)
    return [_data(t) for t in found]


def _add(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    user = console.client.user
    tid = templates.add(console.store, args.name, args.content, sender_id=args.sender_id,
                        note=args.note, user=user)  # fmt: skip
    found = templates.saved.get(console.store, tid)
    assert found is not None
    if not args.json:
        print(f"Template “{found.name}” saved ({audit_detail()}).", file=out)
    return _data(found)


def _show(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    t = templates.find(console.store, args.name, include_archived=True)
    if t is None:
        t = templates.named(console.store, args.name)  # raises, listing the names
    tz, zone = zone_named(args.timezone)
    history = templates.history(console.store, t.name)
    answer = {
        **_data(t),
        "history": [{"at": e.at.isoformat(), "user": e.user, "what": e.what,
                     "detail": e.detail} for e in history],
    }  # fmt: skip
    if not args.json:
        print(f"Template “{t.name}”{' (archived)' if t.archived else ''}", file=out)
        print(f"  Message: {t.content}", file=out)
        print(f"  Sender ID: {t.sender_id or 'the default'}", file=out)
        if t.note:
            print(f"  Note: {t.note}", file=out)
        print(f"History ({zone}):", file=out)
        for e in history:
            detail = f" ({e.detail})" if e.detail else ""
            print(f"  {e.at.astimezone(tz):%Y-%m-%d %H:%M} {e.user or '-'}: {e.what}{detail}",
                  file=out)  # fmt: skip
    return answer


def _archive(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    t = templates.named(console.store, args.name)
    changed = templates.archive(console.store, t.id, user=console.client.user)
    if not args.json:
        print(f"Template “{t.name}” archived: New campaign no longer offers it.", file=out)
    return {"name": t.name, "archived": changed}
