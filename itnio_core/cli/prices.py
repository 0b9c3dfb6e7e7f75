"""``prices import FILE`` and ``prices list``: the price list from a terminal, as the Prices
page keeps it (``money``): every row of a vendor's sheet gets a verdict, every change is
audited under ``--as``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from ..access import Action
from ..common import InvalidInputError
from ..console import Console
from ..money import list_prices
from ..money import sheet as price_sheet
from .common import AddCommand


def register(cmd: AddCommand, sub: Any) -> None:
    group = sub.add_parser("prices", help="the price list: import a vendor's sheet, list it")
    group_sub = group.add_subparsers(dest="prices_command", required=True)
    c = cmd("list", _list, "the price list, by prefix", group_sub)
    c.set_defaults(action=Action.VIEW)
    c = cmd(
        "import",
        _import,
        "import a vendor's price sheet (.xlsx, .csv): country or code, price, and "
        "optionally currency and MCC/MNC columns; every row gets a verdict",
        group_sub,
    )
    c.set_defaults(action=Action.CHANGE_SETTINGS)
    c.add_argument("file", help="the price sheet")
    c.add_argument("--sheet", help="the sheet to read (default: the first visible one)")


def _list(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    rows = list_prices(console.store)
    if not args.json:
        if not rows:
            print("The price list is empty. Add one with: prices import FILE", file=out)
        for r in rows:
            where = f"+{r.prefix}" + (f" ({r.operator})" if r.operator else "")
            print(f"{where:<20} {r.country[:30]:<30} {r.price} {r.currency}", file=out)
    return [
        {
            "prefix": r.prefix,
            "operator": r.operator,
            "country": r.country,
            "price": str(r.price),
            "currency": r.currency,
            "updated_at": r.updated_at.isoformat() if r.updated_at else None,
            "updated_by": r.updated_by,
        }
        for r in rows
    ]


def _import(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    sheet = price_sheet.read_price_sheet(data, path.name, args.sheet)
    changed = price_sheet.import_sheet(console.store, sheet, user=console.client.user)
    counts = sheet.counts()
    problems = sheet.rows[sheet.rows["verdict"].isin(["invalid", "duplicate"])]
    if not args.json:
        found = ", ".join(f"{role}: {col!r}" for role, col in sheet.columns.items())
        print(f"Columns found: {found}.", file=out)
        print("  " + "   ".join(f"{k}: {v:,}" for k, v in counts.items()), file=out)
        for row in problems.itertuples():
            print(f"  Row {row.excel_row}: {row.reason}", file=out)
        print(f"{changed:,} prices added or changed.", file=out)
    return {
        **counts,
        "changed": changed,
        "problems": [
            {"row": int(r.excel_row), "verdict": r.verdict, "reason": r.reason}
            for r in problems.itertuples()
        ],
    }
