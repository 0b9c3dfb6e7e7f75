"""``hash-password`` and ``sandbox``: commands that need no console (no database, no API)."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import math
import sys
from decimal import Decimal
from typing import Any, Final, TextIO

from ..common import ItnioError


def register(sub: Any) -> None:
    hp = sub.add_parser(
        "hash-password",
        help="print a password hash for a user in .streamlit/secrets.toml",
        description="Asks for the password twice (or reads one line from standard input "
        "when it is not a terminal) and prints the [users.NAME] lines to paste.",
    )
    hp.add_argument("--user", default="NAME", help="the user name to put in the printed lines")
    hp.add_argument("--role", default="sender", choices=["viewer", "sender", "admin"])
    hp.set_defaults(handler=None, run=hash_password)

    sb = sub.add_parser("sandbox", help="serve the ITNIO simulator on loopback")
    sb.add_argument("--host", default="127.0.0.1")
    sb.add_argument("--port", type=int, default=8765)
    for name in ("api-key", "api-secret", "sms-app-id", "otp-app-id"):
        sb.add_argument(f"--{name}")
    sb.add_argument("--balance", type=Decimal, help="starting balance (USD)")
    sb.add_argument(
        "--prices",
        type=_prices,
        metavar="PREFIX=PRICE,...",
        help="price per message part by calling code or prefix, e.g. 44=0.035,91=0.005 "
        "(others pay 0.005); POST /sandbox/topup adds to the balance",
    )
    sb.add_argument(
        "--delivery-delay",
        type=_delivery_delay,
        default=_NOT_GIVEN,
        metavar="SECONDS|held",
        help='seconds until a final status, or "held": until POST /sandbox/deliver',
    )
    sb.add_argument(
        "--send-latency",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="seconds each send request takes before its answer: rehearse a slow platform",
    )
    sb.add_argument(
        "--dlr-url",
        metavar="URL",
        help="POST every message's delivery receipt here, as the platform does "
        "(the console's receiver address: scripts/itnio receiver-address)",
    )
    sb.set_defaults(handler=None, run=serve_sandbox)


_NOT_GIVEN: Final = object()


def _delivery_delay(text: str) -> float | None:
    from ..common import parse_delivery_delay

    try:
        return parse_delivery_delay(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _prices(text: str) -> Any:
    from ..sandbox import parse_prices

    try:
        return parse_prices(text)
    except (ValueError, ArithmeticError) as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise argparse.ArgumentTypeError(f"must be seconds (0 or more), not {text!r}")
    return seconds


def serve_sandbox(args: argparse.Namespace, out: TextIO) -> int:
    from ..sandbox import SandboxConfig, serve_forever

    overrides: dict[str, Any] = {
        k: v
        for k, v in {
            "api_key": args.api_key,
            "api_secret": args.api_secret,
            "sms_app_id": args.sms_app_id,
            "otp_app_id": args.otp_app_id,
            "starting_balance": args.balance,
            "dlr_url": args.dlr_url,
            "prices": args.prices,
        }.items()
        if v is not None
    }
    overrides["send_latency"] = args.send_latency
    if args.delivery_delay is not _NOT_GIVEN:  # None is a choice here: held
        overrides["delivery_delay"] = args.delivery_delay
    with contextlib.suppress(KeyboardInterrupt):
        serve_forever(SandboxConfig(**overrides), host=args.host, port=args.port)
    return 0


def hash_password(args: argparse.Namespace, out: TextIO) -> int:
    from ..access import hash_password as make_hash

    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("Error: the two passwords differ; nothing was printed.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        hashed = make_hash(password)
    except ItnioError as exc:
        print(f"Error: {exc.user_message}", file=sys.stderr)
        return 1
    print(f"[users.{args.user}]", file=out)
    print(f'password_hash = "{hashed}"', file=out)
    print(f'role = "{args.role}"', file=out)
    return 0
