"""itnio: the same operations as the app, from a terminal.

Run it as scripts/itnio (nothing to activate first), as itnio where .venv is active, or as
python -m itnio_core. File names, the settings (.streamlit/secrets.toml) and the default
database (itnio_console.db) are found from the folder it runs in.

Every command prints a readable summary, or the API's answer with --json.
Errors exit with status 1 and the plain-words message; bad usage exits 2.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from ..common import ItnioError
from ..console import SANDBOX_NOTICE_EN, open_console
from . import campaigns as cli_campaigns
from . import otp as cli_otp
from . import reports as cli_reports
from . import service as cli_service
from . import tools as cli_tools
from .common import CommandFailed, Handler


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="itnio", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def cmd(name: str, handler: Handler, help_: str, parent: Any = sub) -> argparse.ArgumentParser:
        c: argparse.ArgumentParser = parent.add_parser(name, help=help_)
        c.add_argument("--json", action="store_true", help="print the API's answer as JSON")
        c.set_defaults(handler=handler)
        return c

    cli_campaigns.register(cmd)
    cli_reports.register(cmd)
    cli_otp.register(cmd, sub)
    cli_tools.register(sub)
    cli_service.register(cmd, sub)
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
    console = open_console(user=f"cli:{getpass.getuser()}")
    try:
        if console.is_sandbox and not args.json:
            print(SANDBOX_NOTICE_EN, file=sys.stderr)
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
