"""“Resend to failed”: a spreadsheet of only the failed recipients, for a new campaign.

Nothing is sent from here. The sheet goes through the New campaign page's
usual check, message, review and confirmation, like any upload. For a
campaign, each failed recipient's own row comes back as it was in the
uploaded sheet (under its heading row), so ``{Name}`` and the other columns
still work, and on its original row number, so New campaign's verdicts and
problem rows name the rows of the person's own sheet (the rows between stay
blank, and a sheet's blank rows are skipped); without the stored sheet, or for
a list of msgIds, it is the phone numbers alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..campaigns import store as cs
from ..common import InvalidInputError
from ..sheets import Book, source_grids
from ..store import Store, delivery_status, recipients, report_list_items
from .query import title
from .target import Target

d, r, i = delivery_status, recipients, report_list_items


@dataclass(frozen=True)
class ResendSheet:
    data: bytes
    filename: str
    failed: int
    name: str  # for the new campaign
    content: str = ""  # the original message, to start from
    sender_id: str = ""
    country: str | None = None  # for numbers written without a country code


def failed_sheet(store: Store, target: Target) -> ResendSheet:
    """The failed recipients of a report as an .xlsx; InvalidInputError if none failed."""
    if target.kind == "campaign":
        return _from_campaign(store, target.id)
    query = (
        sa.select(d.c.number)
        .select_from(i.join(d, d.c.msg_id == i.c.msg_id))
        .where(i.c.list_id == target.id, d.c.status == 1, d.c.number != "")
        .group_by(d.c.number)
        .order_by(sa.func.min(i.c.position))
    )
    with store.engine.connect() as conn:
        numbers = [str(n) for (n,) in conn.execute(query)]
    _none_failed(len(numbers))
    book = Book()
    ws = book.sheet("Failed")
    book.write_row(ws, 0, ["Phone"], book.bold)
    for n, number in enumerate(numbers, start=1):
        book.write(ws, n, 0, number)
    return ResendSheet(
        book.close(),
        f"list-{target.id}-failed.xlsx",
        len(numbers),
        f"Resend to failed: {title(store, target)}",
    )


def _none_failed(count: int) -> None:
    if count == 0:
        raise InvalidInputError(
            "No message of this report has failed, so there is nobody to send to again.",
            message_zh="此报告中没有发送失败的短信,无需重发。",
        )


def _from_campaign(store: Store, campaign_id: int) -> ResendSheet:
    campaign = cs.get(store, campaign_id)
    if campaign is None:
        raise InvalidInputError(f"There is no campaign #{campaign_id}.")
    query = (
        sa.select(r.c.excel_row, r.c.number)
        .select_from(r.join(d, d.c.msg_id == r.c.msg_id))
        .where(r.c.campaign_id == campaign_id, d.c.status == 1)
        .order_by(r.c.row_index)
    )
    with store.engine.connect() as conn:
        failed = [(int(row), str(number)) for row, number in conn.execute(query)]
    _none_failed(len(failed))
    book = Book()
    source = cs.source_file(store, campaign_id)
    grid = _sheet_grid(source, campaign.source_sheet) if source else None
    header = campaign.header_row
    if grid is None:
        ws = book.sheet("Failed")
        in_place = min(row for row, _ in failed) > 1  # room for the heading above
        book.write_row(ws, 0, ["Phone", "Row in the original sheet"], book.bold)
        for n, (row, number) in enumerate(failed, start=1):
            book.write_row(ws, row - 1 if in_place else n, [number, row])
    else:
        ws = book.sheet(campaign.source_sheet or "Failed")
        if header is not None and header <= len(grid):
            book.write_row(ws, header - 1, grid[header - 1], book.bold)
        for row, number in failed:  # each on its own row: Excel's row numbers stay
            book.write_row(ws, row - 1, grid[row - 1] if row <= len(grid) else [number])
    return ResendSheet(
        book.close(),
        f"campaign-{campaign_id}-failed.xlsx",
        len(failed),
        f"Resend to failed of #{campaign_id} {campaign.name}",
        campaign.content,
        campaign.sender_id,
        campaign.default_country,
    )


def _sheet_grid(source: tuple[str, bytes], sheet: str) -> list[list[Any]] | None:
    try:
        grids = source_grids(source[1], source[0])
    except Exception:  # an unreadable stored file: fall back to the numbers alone
        return None
    for name, grid in grids:
        if name == sheet or len(grids) == 1:
            return grid
    return None
