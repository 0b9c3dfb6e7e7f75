"""Message ids people bring: pasted text, or a spreadsheet with a msgId column.

The column is found like the phone column: by its heading (Message ID,
msgId, 消息ID...), then by content (long ids of digits and letters, unlike
phone numbers). Every sheet is looked at, so the results workbook from the
Campaigns page works as it is, whatever sheet comes first.

    found = ids_from_text("2501011230001000001, 2501011230001000002")
    found = ids_from_file(data, "results.xlsx")
    found.ids, found.problems, found.duplicates
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..common import MSG_ID_MAX_CHARS, MSG_ID_MAX_DIGITS, InvalidInputError, check_pasted
from ..sheets import SpreadsheetError, display_name, read_table, sheet_names

MAX_MSG_ID = MSG_ID_MAX_CHARS
CONTENT_SHARE = 0.5  # share of id-like cells for a column to be picked by content
PROBLEMS_KEPT = 20
_SPLIT = re.compile(r"[\s,;，；、|]+")
_MSG_ID = re.compile(r"[A-Za-z0-9_\-]{1,64}")
_ID_LIKE = r"^(?:[0-9]{16,40}|(?=[A-Za-z0-9_\-]*[0-9])[A-Za-z0-9_\-]{16,64})$"
_ROUNDED = re.compile(r"^[0-9](?:\.[0-9]+)?[eE]\+?[0-9]{1,2}$")  # 2.50101E+18
_STRONG = ("msgid", "messageid", "msg_id", "message_id", "消息id", "短信id", "信息id")
_WEAK = ("message", "msg", "消息", "短信")


@dataclass
class FoundIds:
    """Message ids in the order given, each once, and what could not be used."""

    ids: list[str] = field(default_factory=list)
    excel_rows: list[int | None] = field(default_factory=list)
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)  # the first few, in plain words
    problems_zh: list[str] = field(default_factory=list)  # the same, in Chinese
    problem_count: int = 0
    sheet: str = ""
    column: str = ""

    def add_problem(self, text: str, text_zh: str = "") -> None:
        self.problem_count += 1
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(text)
            self.problems_zh.append(text_zh or text)

    def problems_for(self, lang: str) -> list[str]:
        """The first few problems in Chinese for ``zh``, else in English."""
        return self.problems_zh if lang.startswith("zh") else self.problems


def _add(found: FoundIds, seen: set[str], value: str, row: int | None) -> None:
    if not value:
        return
    where, where_zh = (f"Row {row}: ", f"第 {row} 行：") if row is not None else ("", "")
    if _ROUNDED.match(value):
        found.add_problem(
            f"{where}“{value}” was rounded by Excel, so the real message ID is lost. Format the "
            "column as Text and paste the IDs again.",
            f"{where_zh}“{value}”被 Excel 四舍五入，真实的消息 ID 已丢失。"
            "请将该列设置为文本格式，然后重新粘贴 ID。",
        )
        return
    if not _MSG_ID.fullmatch(value):
        shown = value if len(value) <= 40 else value[:37] + "…"
        if len(value) > MAX_MSG_ID and _MSG_ID.fullmatch(value[:MAX_MSG_ID]):
            found.add_problem(
                f"{where}“{shown}” is {len(value)} characters long; a message ID has 19 digits.",
                f"{where_zh}“{shown}”有 {len(value)} 个字符；消息 ID 是 19 位数字。",
            )
        else:
            found.add_problem(
                f"{where}“{shown}” is not a message ID.", f"{where_zh}“{shown}”不是消息 ID。"
            )
        return
    if not value.isascii() or not value.isdigit():
        found.add_problem(
            f"{where}“{value}” is not a message ID: the platform's message IDs are all digits "
            "(19 of them).",
            f"{where_zh}“{value}”不是消息 ID：平台的消息 ID 全部是数字（19 位）。",
        )
        return
    if len(value) > MSG_ID_MAX_DIGITS:
        shown = value if len(value) <= 40 else value[:37] + "…"
        found.add_problem(
            f"{where}“{shown}” has {len(value)} digits; the platform's message IDs have 19.",
            f"{where_zh}“{shown}”有 {len(value)} 位数字；平台的消息 ID 是 19 位。",
        )
        return
    if value in seen:
        found.duplicates += 1
        return
    seen.add(value)
    found.ids.append(value)
    found.excel_rows.append(row)


def ids_from_text(text: str) -> FoundIds:
    """Ids separated by commas, spaces, semicolons or new lines (also ，；、)."""
    check_pasted(text or "", "msgIds")
    found = FoundIds()
    seen: set[str] = set()
    for part in _SPLIT.split(text or ""):
        _add(found, seen, part.strip().strip("'\""), None)
    if not found.ids and not found.problem_count:
        raise InvalidInputError(
            "Paste at least one message ID.", field="msgIds", message_zh="请至少粘贴一个消息 ID。"
        )
    return found


def heading_strength(heading: str) -> int:
    """2 for a clear msgId heading (Message ID, msgId, 消息ID), 1 for a vague one, else 0."""
    folded = re.sub(r"[\s\-.]+", "", heading.strip().lower())
    if any(word in folded for word in _STRONG):
        return 2
    return 1 if folded.startswith(_WEAK) and "id" in folded else 0


def id_share(values: pd.Series) -> float:
    sample = values[values != ""].head(1000)
    if sample.empty:
        return 0.0
    text = sample.astype("str").str.strip()
    return float(text.str.match(_ID_LIKE).fillna(False).mean())


def pick_column(columns: list[str], frame: pd.DataFrame, has_header: bool) -> str | None:
    if has_header:
        by_heading = sorted(
            (c for c in columns if heading_strength(c)), key=heading_strength, reverse=True
        )
        for column in by_heading:
            if id_share(frame[column]) > 0 or heading_strength(column) == 2:
                return column
    shares = {c: id_share(frame[c]) for c in columns}
    best = max(shares, key=lambda c: shares[c], default=None)
    return best if best is not None and shares[best] >= CONTENT_SHARE else None


def ids_from_file(data: bytes, filename: str, column: str | None = None) -> FoundIds:
    """The first sheet (in workbook order) with a msgId column; raises if none has one."""
    names = sheet_names(data, filename)
    refusals: list[SpreadsheetError] = []
    for name in names:
        try:
            table = read_table(data, filename, name)
        except SpreadsheetError as exc:
            refusals.append(exc)
            continue  # an empty or unreadable sheet: look at the next one
        chosen = column if column in table.columns else None
        chosen = chosen or pick_column(table.columns, table.frame, table.header_row is not None)
        if chosen is None:
            continue
        found = FoundIds(sheet=table.sheet, column=chosen)
        seen: set[str] = set()
        values = table.frame[chosen].astype("str").str.strip().tolist()
        for value, row in zip(values, table.excel_rows.tolist(), strict=True):
            _add(found, seen, value, int(row))
        if found.ids or found.problem_count:
            return found
    if len(refusals) == len(names):
        raise _first_real_problem(refusals, filename)  # say why, not "no column"
    listed = ", ".join(names)
    raise InvalidInputError(
        f"No column of message IDs was found in {filename} (sheets: {listed}). Give the column "
        "a heading such as “Message ID” or “msgId”, or paste the IDs instead.",
        field="file",
        message_zh=(
            f"在 {filename} 中找不到消息 ID 列。请将该列标题写为“Message ID”或“msgId”,"
            "或直接粘贴 ID。"
        ),
    )


def _first_real_problem(refusals: list[SpreadsheetError], filename: str) -> SpreadsheetError:
    """The first error that is not an empty sheet; if every sheet is empty, say that."""
    found = next((e for e in refusals if e.code != "empty_sheet"), None)
    if found is not None:
        return found
    if len(refusals) == 1:
        return refusals[0]
    return SpreadsheetError("no_sheets", name=display_name(filename))
