"""The campaign results workbook: the person's own workbook, with results added.

Every sheet comes back in its order with its columns; the campaign's sheet
gets result columns after its last column, on the row each recipient came
from. A summary sheet is added at the end.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from ..sheets import Book, source_grids
from ..store import Store, delivery_status, recipients
from . import standing
from . import store as cs

RESULT_COLUMNS = [
    "Number sent to",
    "Check",
    "Problem",
    "Message ID",
    "Submit status",
    "Error",
    "Cost",  # what the platform reported the message cost, where it did
]
VERDICT_WORDS = {
    "ok": "OK",
    "invalid": "Invalid number",
    "duplicate": "Duplicate",
    "excluded": "On the stop list",
    "empty": "Empty",
    "check": "Check: other country",
}
SUBMIT_WORDS = {
    "not_sent": "Not sent",
    "pending": "Not sent yet",
    "sent": "Accepted by the platform",
    "failed": "Refused by the platform",
    "unknown": "Unknown: the platform did not answer",
    "cancelled": "Cancelled",
}


def campaign_workbook(store: Store, campaign_id: int) -> bytes:
    campaign = cs.get(store, campaign_id)
    if campaign is None:
        raise KeyError(campaign_id)
    source = cs.source_file(store, campaign_id)
    rows = cs.recipient_rows(store, campaign_id)
    paid = message_costs(store, campaign_id)
    for r in rows:
        r["cost"] = _cost(paid.get(r["msg_id"] or ""))
    by_excel_row = {int(r["excel_row"]): r for r in rows}
    book = Book()
    grids = source_grids(source[1], source[0]) if source else []
    target = campaign.source_sheet if any(n == campaign.source_sheet for n, _ in grids) else None
    if target is None and grids:
        target = grids[0][0]
    for name, grid in grids:
        ws = book.sheet(name)
        width = max((len(r) for r in grid), default=0)
        header_row = campaign.header_row
        last = len(grid)
        if name == target:
            last = max(last, max(by_excel_row, default=0))
        for i in range(last):
            book.write_row(ws, i, grid[i] if i < len(grid) else [])
            if name != target:
                continue
            excel_row = i + 1
            if header_row is not None and excel_row == header_row:
                book.write_row(ws, i, RESULT_COLUMNS, book.bold, start_col=width)
            elif excel_row in by_excel_row:
                book.write_row(ws, i, _result_cells(by_excel_row[excel_row]), start_col=width)
    if not grids:  # no stored source: the rows alone
        ws = book.sheet(campaign.source_sheet or "Recipients")
        book.write_row(ws, 0, ["Row", "Phone as written", *RESULT_COLUMNS], book.bold)
        for i, r in enumerate(rows, start=1):
            book.write_row(ws, i, [r["excel_row"], r["raw"], *_result_cells(r)])
    book.pairs("ITNIO summary", summary_items(store, campaign))
    return book.close()


def _result_cells(r: dict[str, Any]) -> list[Any]:
    return [
        r["number"] or "",
        VERDICT_WORDS.get(r["verdict"], r["verdict"]),
        r["reason"] or "",
        r["msg_id"] or "",
        SUBMIT_WORDS.get(r["submit_status"], r["submit_status"]),
        r["error"] or "",
        r["cost"],
    ]


def message_costs(store: Store, campaign_id: int) -> dict[str, tuple[Decimal, str]]:
    """What each of the campaign's messages cost (pay, currency), where a delivery receipt
    said (the receipts area keeps them in delivery_status; it imports money, which imports
    campaigns, so this read is here rather than a call to it)."""
    d, r = delivery_status, recipients
    query = (
        sa.select(d.c.msg_id, d.c.pay, d.c.currency)
        .select_from(r.join(d, d.c.msg_id == r.c.msg_id))
        .where(r.c.campaign_id == campaign_id, d.c.pay.is_not(None))
    )
    with store.engine.connect() as conn:
        return {m: (Decimal(p), c or "") for m, p, c in conn.execute(query)}


def _actual(store: Store, campaign_id: int) -> str:
    totals: dict[str, Decimal] = {}
    for pay, currency in message_costs(store, campaign_id).values():
        totals[currency] = totals.get(currency, Decimal(0)) + pay
    return " + ".join(f"{v.normalize():f} {c}".strip() for c, v in sorted(totals.items()))


def _cost(paid: tuple[Decimal, str] | None) -> str:
    """``0.0045 USD``; "" when the platform has not reported what it cost."""
    return "" if paid is None else f"{paid[0].normalize():f} {paid[1]}".strip()


def summary_items(store: Store, campaign: cs.Campaign) -> list[tuple[str, Any]]:
    p = cs.progress(store, campaign.id)
    counts = campaign.verdict_counts
    return [
        ("Campaign", f"#{campaign.id} {campaign.name}"),
        ("Status", campaign.status),
        ("Created by", campaign.created_by or ""),
        ("Created at (UTC)", campaign.created_at),
        ("Confirmed at (UTC)", campaign.confirmed_at),
        ("Finished at (UTC)", campaign.finished_at),
        ("Source file", campaign.source_name),
        ("Sheet", campaign.source_sheet),
        ("Phone column", campaign.phone_column),
        ("Sender ID", campaign.sender_id or "(default)"),
        ("Message", campaign.content),
        ("Rows in the sheet", campaign.rows),
        ("Valid numbers", counts.get("ok", 0)),
        ("Invalid numbers", counts.get("invalid", 0)),
        ("Duplicates", counts.get("duplicate", 0)),
        ("On the stop list", counts.get("excluded", 0)),
        ("Empty rows", counts.get("empty", 0)),
        ("Recipients", campaign.recipients),
        ("Segments", campaign.segments),
        (
            "Estimated cost",
            f"{campaign.estimated_cost} {campaign.cost_currency or ''}".strip()
            if campaign.estimated_cost
            else "",
        ),
        ("Actual cost (delivery receipts)", _actual(store, campaign.id)),
        ("Accepted by the platform", p.accepted),
        ("Refused by the platform", p.rejected),
        ("Unknown (no answer; not re-sent)", p.unknown),
        ("Not sent yet", p.pending + p.in_flight),
        ("Cancelled", p.cancelled),
        ("Stopped because", campaign.stop_message_en or ""),
        ("Where every recipient stands", " ".join(standing.count(store, campaign.id).lines())),
    ]
