"""itnio: the same operations as the app, from a terminal.

Run it as scripts/itnio (nothing to activate first), as itnio where .venv is active, or as
python -m itnio_core. File names, the settings (.streamlit/secrets.toml) and the default
database (itnio_console.db) are found from the folder it runs in.

Everything that sends or changes something is done as a named person: --as NAME, one of the
users in .streamlit/secrets.toml whose role allows it (with no users set up there: the
computer's user). The daily cap and the confirmation threshold an administrator set in the
app apply here too, and every action is in the app's audit log under that name.

Every command prints a readable summary, or the API's answer with --json.
Errors and refusals exit with status 1 and the plain-words message; bad usage exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from ..access import Action
from ..common import ItnioError, read_secrets
from ..console import SANDBOX_NOTICE_EN, open_console
from . import campaign_control as cli_campaign_control
from . import campaigns as cli_campaigns
from . import identity
from . import otp as cli_otp
from . import prices as cli_prices
from . import receipts as cli_receipts
from . import reports as cli_reports
from . import service as cli_service
from . import settings as cli_settings
from . import templates as cli_templates
from . import tools as cli_tools
from .common import CommandFailed, Handler


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="itnio", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)

    def cmd(name: str, handler: Handler, help_: str, parent: Any = sub) -> argparse.ArgumentParser:
        c: argparse.ArgumentParser = parent.add_parser(name, help=help_, description=help_)
        c.add_argument("--json", action="store_true", help="print the API's answer as JSON")
        if handler not in ACTS_AS_NOBODY:
            c.add_argument("--as", dest="as_name", metavar="NAME", help=AS_HELP)
        c.set_defaults(handler=handler)
        return c

    cli_campaigns.register(cmd)
    cli_campaign_control.register(cmd, sub)
    cli_reports.register(cmd)
    cli_receipts.register(cmd)
    cli_otp.register(cmd, sub)
    cli_tools.register(sub)
    cli_service.register(cmd, sub)
    cli_prices.register(cmd, sub)
    cli_templates.register(cmd, sub)
    cli_settings.register(cmd, sub)
    return p


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.handler is None:  # needs no console
        code: int = args.run(args, out)
        return code
    problem = cli_campaigns.check_send_usage(args)
    if problem:
        parser.error(problem)
    action = action_of(args)
    try:
        who = identity.person(getattr(args, "as_name", None), action, read_secrets())
    except ItnioError as exc:
        print(f"Error: {exc.user_message}", file=sys.stderr)
        return 1
    console = open_console(user=who.name)
    try:
        if console.is_sandbox and not args.json:
            print(SANDBOX_NOTICE_EN, file=sys.stderr)
        identity.check(console.store, who, action, command_words(args))
        answer = args.handler(args, console, out)
        if args.json:
            print(json.dumps(answer, ensure_ascii=False, indent=2, default=str), file=out)
        return 0
    except CommandFailed as exc:
        if args.json:
            print(json.dumps(exc.answer, ensure_ascii=False, indent=2, default=str), file=out)
        print(f"Error: {exc.user_message}", file=sys.stderr)
        return 1
    except ItnioError as exc:
        print(f"Error: {exc.user_message}", file=sys.stderr)
        return 1
    finally:
        console.close()


# Commands that act as nobody in particular: the worker sends each campaign as whoever
# confirmed it.
ACTS_AS_NOBODY: frozenset[Handler] = frozenset({cli_service.run_worker})
AS_HELP = (
    "who you are: a user of .streamlit/secrets.toml, needed to send or change anything when "
    "users are set up there (no password: whoever runs this can read the server's files)"
)


def command_words(args: argparse.Namespace) -> str:
    """``campaign pause``: the command as typed, for the audit log."""
    words = [args.command]
    for sub_dest in (
        "otp_command", "campaign_command", "db_command", "prices_command",
        "templates_command", "settings_command", "quiet_command",
    ):  # fmt: skip
        if getattr(args, sub_dest, None):
            words.append(getattr(args, sub_dest))
    return " ".join(words)


def action_of(args: argparse.Namespace) -> Action | None:
    """What the command does, in the app's terms (each command sets its ``action``); a dry run
    only reads."""
    if getattr(args, "dry_run", False):
        return Action.VIEW
    action: Action | None = getattr(args, "action", None)
    return action
