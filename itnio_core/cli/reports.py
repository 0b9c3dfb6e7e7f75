"""``itnio report``: delivery status from the command line.

    report MSGID[,MSGID...]   |   report --file FILE [--column C]   |   report --campaign ID
        [--out report.xlsx|report.csv] [--lang en|zh] [--timezone Europe/London] [--stored]
        [--json]

Each run asks the platform about every message without a final status,
stores what it says (the app shows the same report) and prints the counts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from ..access import Action
from ..campaigns import store as cs
from ..common import InvalidInputError, zone_named
from ..console import Console
from ..reports import (
    STATUS_KEYS,
    UNCHECKED_KEY,
    CheckOutcome,
    Target,
    report_client,
    run_check,
    word,
)
from ..reports import files as report_files
from ..reports import input as report_input
from ..reports import lists as report_lists
from ..reports import query as report_query
from .common import AddCommand, record_export, split

ITEMS_SHOWN = 200  # rows printed (and in --json) for a report this small or smaller


def register(cmd: AddCommand) -> None:
    c = cmd("report", _report, "delivery status of message ids, a spreadsheet or a campaign")
    c.set_defaults(action=Action.CHECK_REPORTS)
    c.add_argument("msgids", nargs="?", help="MSGID[,MSGID...]")
    c.add_argument("--file", help="a spreadsheet with a message ID column (e.g. a results file)")
    c.add_argument("--column", help="the message ID column of --file (default: detected)")
    c.add_argument("--campaign", type=int, help="a campaign's number (as on the Campaigns page)")
    c.add_argument("--out", help="also write the report to PATH.xlsx or PATH.csv")
    c.add_argument("--lang", choices=("en", "zh"), default="en", help="status words in the file")
    c.add_argument("--timezone", help="time zone for times, e.g. Asia/Kolkata (default: local)")
    c.add_argument(
        "--stored",
        action="store_true",
        help="print what the store holds (pushed receipts and earlier answers) without asking "
        "the platform; each status says how it was learned (pushed or asked)",
    )


def _report(args: argparse.Namespace, console: Console, out: TextIO) -> Any:
    given = [x for x in (args.msgids, args.file, args.campaign) if x not in (None, "")]
    if len(given) != 1:
        raise InvalidInputError(
            "Give exactly one of: message IDs (MSGID,MSGID), --file FILE or --campaign ID."
        )
    target_path = _out_path(args.out)
    zone, zone_name = zone_named(args.timezone)
    target = _target(args, console)
    if args.stored:
        outcome = CheckOutcome(0, 0, 0, report_query.counts(console.store, target))
    else:
        client = report_client(console.settings, recorder=console.store, user=console.client.user)
        try:
            outcome = run_check(
                console.store,
                client,
                target,
                user=console.client.user,
                keep_answers=bool(args.msgids),
            )
        finally:
            client.close()
    opts = report_files.FileOptions(args.lang, zone, zone_name)
    if target_path is not None:
        writer = report_files.write_csv if target_path.suffix == ".csv" else report_files.write_xlsx
        try:
            with target_path.open("wb") as fh:
                writer(console.store, target, fh, opts)
        except OSError as exc:
            raise InvalidInputError(f"Cannot write {target_path}: {exc.strerror or exc}.") from None
        record_export(console, target_path)
    items = _items(console, target, outcome, opts, everything=args.stored)
    if not args.json:
        _print(console, target, outcome, items, target_path, opts, out, asked=not args.stored)
    answer: dict[str, Any] = {
        "report": target.key,
        "title": report_query.title(console.store, target),
        "counts": outcome.counts,
        "asked": outcome.asked,
        "changed": outcome.changed,
        "items": items,
        "out": str(target_path) if target_path else None,
        "stored": bool(args.stored),
    }
    if args.msgids:
        answer["answers"] = [r.raw[0] for r in outcome.reports if r.raw]
    return answer


def _out_path(value: str | None) -> Path | None:
    if not value:
        return None
    path = Path(value)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise InvalidInputError(f"--out must end in .xlsx or .csv, not {path.name!r}.")
    return path.with_suffix(path.suffix.lower())


def _target(args: argparse.Namespace, console: Console) -> Target:
    user = console.client.user
    if args.campaign is not None:
        if cs.get(console.store, args.campaign) is None:
            raise InvalidInputError(f"There is no campaign #{args.campaign}.")
        return Target("campaign", args.campaign)
    if args.file:
        path = Path(args.file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
        found = report_input.ids_from_file(data, path.name, args.column)
        for problem in found.problems[:5]:
            print(f"Skipped: {problem}", file=sys.stderr)
        if not found.ids:
            raise InvalidInputError(f"{path.name} has no usable message IDs.")
        list_id = report_lists.create_list(
            console.store,
            found.ids,
            name=path.name,
            source_name=path.name,
            user=user,
            excel_rows=found.excel_rows,
        )
        return Target("list", list_id)
    ids = split(args.msgids)
    found = report_input.ids_from_text(",".join(ids))
    if not found.ids:
        raise InvalidInputError(found.problems[0] if found.problems else "No message IDs given.")
    name = "typed on the command line"
    return Target("list", report_lists.create_list(console.store, found.ids, name=name, user=user))


def _items(
    console: Console,
    target: Target,
    outcome: CheckOutcome,
    opts: report_files.FileOptions,
    everything: bool = False,
) -> list[dict[str, Any]]:
    total = outcome.counts.get("total", 0)
    if total > ITEMS_SHOWN and not everything:
        return []
    rows = report_query.rows(console.store, target, limit=max(total, ITEMS_SHOWN))
    local = report_files.local_times(rows["receive_time"], opts.tz)
    return [
        {
            "msgId": r.msg_id,
            "number": r.number or "",
            "status": r.state,
            "statusText": word(r.state, opts.lang),
            "receiveTime": r.receive_time or "",
            "receivedLocal": "" if when is None else f"{when:%Y-%m-%d %H:%M:%S}",
            "source": r.source or None,  # "pushed" (a receipt) or "asked" (getReport)
            "reason": r.reason if isinstance(r.reason, str) else None,
        }
        for r, when in zip(rows.itertuples(index=False), _or_none(local), strict=True)
    ]


def _or_none(moments: Any) -> list[Any]:
    return [None if m is None or m != m else m for m in moments.tolist()]


def _print(
    console: Console,
    target: Target,
    outcome: CheckOutcome,
    items: list[dict[str, Any]],
    path: Path | None,
    opts: report_files.FileOptions,
    out: TextIO,
    *,
    asked: bool = True,
) -> None:
    counts, total = outcome.counts, outcome.counts.get("total", 0)
    print(f"{report_query.title(console.store, target)} ({total:,} messages)", file=out)
    print(
        "   ".join(
            f"{word(k)}: {counts.get(k, 0):,}"
            for k in STATUS_KEYS
            if k != UNCHECKED_KEY or counts.get(k)
        ),
        file=out,
    )
    if total:
        shares = ", ".join(
            f"{word(k).lower()} {counts.get(k, 0) / total:.1%}" for k in STATUS_KEYS[:3]
        )
        print(f"  ({shares})", file=out)
    if asked:
        print(
            f"Asked the platform about {outcome.asked:,} messages without a final status; "
            f"{outcome.changed:,} changed.",
            file=out,
        )
    else:
        print("As stored (the platform was not asked).", file=out)
    for item in items:
        when = f"  at {item['receivedLocal']} ({opts.tz_name})" if item["receivedLocal"] else ""
        how = f"  [{item['source']}]" if item["source"] else ""
        line = f"  {item['msgId']}  {item['number']}  {item['statusText'].lower()}{when}{how}"
        print(line, file=out)
    if path is not None:
        print(f"Report written to {path}", file=out)
