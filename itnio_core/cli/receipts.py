"""``itnio receiver-address [--base-url URL]``: the delivery receipt address to give the
platform's support team, as Settings shows it (the token is made on first use)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .. import receipts
from ..access import Action
from ..common import InvalidInputError
from ..console import Console
from .common import AddCommand


def register(cmd: AddCommand) -> None:
    c = cmd(
        "receiver-address",
        _address,
        "the address the platform pushes delivery receipts to (give it to its support team)",
    )
    c.set_defaults(action=Action.CHANGE_SETTINGS)
    c.add_argument(
        "--base-url",
        metavar="URL",
        help="the console's public address, e.g. https://console.example.com (default: the "
        "path alone)",
    )


def _address(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    base = (args.base_url or "").strip()
    if base and not base.startswith(("http://", "https://")):
        raise InvalidInputError(f"--base-url must start with https:// or http://, not {base!r}.")
    text = (
        receipts.address(console.store, base)
        if base
        else receipts.path(receipts.token(console.store))
    )
    if not args.json:
        print(text, file=out)
    return {"address": text}
