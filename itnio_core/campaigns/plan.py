"""A campaign before it is stored: messages per row, checks, and request plan.

``plan_campaign`` is pure: it takes the checked rows and the message, and
says exactly what would be sent (recipients, segments, requests) and which
rows cannot be sent and why, by the row number Excel shows.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..common import (
    CONTENT_MAX_CHARS,
    NUMBERS_PER_REQUEST_MAX,
    ORDER_ID_MAX_CHARS,
    InvalidInputError,
    limits,
)
from ..quiet_hours import Rules, keys_of
from . import part_counts, personalise


@dataclass(frozen=True)
class RowProblem:
    excel_row: int
    field: str
    message: str
    message_zh: str = ""

    def message_for(self, lang: str) -> str:
        """The message in Chinese for ``zh``; English otherwise, or when there is no Chinese."""
        return self.message_zh if lang.startswith("zh") and self.message_zh else self.message


@dataclass
class CampaignPlan:
    """What will be sent. ``rows`` has one entry per sheet row (verdicts + message)."""

    rows: pd.DataFrame  # excel_row, raw, number, verdict, reason, [reason_zh], message, segments,
    #                     order_id,
    #                     content_id, request_seq (-1 when the row is not sent)
    contents: list[str]
    content_segments: list[int]
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def sendable(self) -> pd.DataFrame:
        return self.rows[self.rows["request_seq"] >= 0]

    @property
    def recipients(self) -> int:
        return int((self.rows["request_seq"] >= 0).sum())

    @property
    def segments(self) -> int:
        return int(self.sendable["segments"].sum())

    @property
    def requests(self) -> int:
        seqs = self.sendable["request_seq"]
        return int(seqs.max()) + 1 if len(seqs) else 0

    def sample(self, n: int = 3) -> list[tuple[int, str, str]]:
        """(Excel row, number, message) of the first rows as they will be received."""
        head = self.sendable.head(n)
        return list(
            zip(head["excel_row"].astype(int), head["number"], head["message"], strict=True)
        )


def typed_count_matches(typed: str, recipients: int) -> bool:
    """The typed confirmation: "12,000", "12 000" and "12000" all mean 12000."""
    digits = "".join(ch for ch in typed if not ch.isspace() and ch not in ",.'_")
    return digits == str(recipients)


def check_template_length(template: personalise.Template) -> None:
    """A message whose fixed text alone is over the limit fits no row: say so once."""
    fixed = sum(len(part) for part in template.parts if isinstance(part, str))
    if fixed <= CONTENT_MAX_CHARS:
        return
    if not template.columns:
        raise limits.too_long("message", "短信内容", "content", fixed, CONTENT_MAX_CHARS)
    over = fixed - CONTENT_MAX_CHARS
    raise InvalidInputError(
        f"The message is {fixed} characters long before its placeholders are filled in; "
        f"the limit is {CONTENT_MAX_CHARS}. Remove at least {over} characters.",
        field="content",
        message_zh=(
            f"短信内容在填入占位符之前已有 {fixed} 个字符，上限为 {CONTENT_MAX_CHARS} 个字符。"
            f"请至少删减 {over} 个字符。"
        ),
    )


@dataclass
class MessageCheck:
    """Every row's message checked, before anything is written out (shared by the plan and
    the preview, so both name the same problems and count the same parts)."""

    template: personalise.Template
    rows: pd.DataFrame  # the verdict columns the plan keeps, indexed 0..n-1
    frame: pd.DataFrame  # the sheet, indexed 0..n-1
    ok: np.ndarray
    combinations: part_counts.Combinations  # of the values the message uses, per row
    counts: part_counts.MessageCounts  # per combination
    problems: list[RowProblem]
    order_ids: pd.Series | None  # from the person's column; None: the plan generates them
    send: np.ndarray  # ok, and no problem with the message or the order id

    def row_segments(self) -> np.ndarray:
        """Each row's segments (0 for rows that are not ok)."""
        return np.where(self.ok, self.counts.segments[self.combinations.codes], 0)

    def segments_sent(self) -> int:
        """The segments of the rows that will be sent: a count of rows per combination."""
        rows = self.combinations.codes[self.send]
        per = np.bincount(rows, minlength=len(self.counts.segments))
        return int(per @ self.counts.segments)


def check_messages(
    frame: pd.DataFrame,
    verdicts: pd.DataFrame,
    content: str,
    *,
    order_id_column: str | None = None,
    parts: part_counts.SheetParts | None = None,
) -> MessageCheck:
    """Each sendable row's message measured and checked, without writing it out.

    ``parts`` holds ``frame``'s measured columns (kept between messages); without it the
    placeholder columns are measured here.
    """
    if not content.strip():
        raise InvalidInputError(
            "Write the message to send.", field="content", message_zh="请填写要发送的短信内容。"
        )
    template = personalise.parse(content, list(frame.columns))
    check_template_length(template)
    keep = ["excel_row", "raw", "number", "verdict", "reason"]
    keep += ["reason_zh"] if "reason_zh" in verdicts.columns else []
    rows = verdicts[keep].reset_index(drop=True)
    combos, counts = (parts or part_counts.SheetParts(frame)).count_combinations(template)
    frame = frame.reset_index(drop=True)
    ok = (rows["verdict"] == "ok").to_numpy()
    problems = _message_problems(rows, combos, counts, ok)
    order_ids = None
    if order_id_column is not None:
        order_ids = _order_ids(rows, frame, ok, order_id_column, problems)
    send = ok
    if problems:
        bad_rows = {p.excel_row for p in problems}
        send = ok & ~rows["excel_row"].isin(bad_rows).to_numpy()
    return MessageCheck(template, rows, frame, ok, combos, counts, problems, order_ids, send)


def plan_campaign(
    frame: pd.DataFrame,
    verdicts: pd.DataFrame,
    content: str,
    *,
    order_id_column: str | None = None,
    parts: part_counts.SheetParts | None = None,
    quiet: Rules | None = None,
) -> CampaignPlan:
    """Render each sendable row's message, check it, and pack requests.

    ``frame`` is the sheet (for placeholders); ``verdicts`` has one row per
    sheet row with at least excel_row, raw, number, verdict, reason. With ``quiet``
    (quiet hours), a request only holds numbers under the same rule (``quiet_key``), so
    the ones that wait never ride with the ones that go.
    """
    check = check_messages(frame, verdicts, content, order_id_column=order_id_column, parts=parts)
    rows, ok, send = check.rows, check.ok, check.send
    messages = pd.Series([""] * len(rows), dtype=object)
    messages[ok] = personalise.render(check.template, check.frame[ok]).to_numpy()
    rows["message"] = messages
    rows["segments"] = check.row_segments()
    rows["order_id"] = check.order_ids if check.order_ids is not None else _generated_ids(rows)
    codes, uniques = pd.factorize(rows["message"].where(send, None), sort=False)
    rows["content_id"] = np.where(send, codes, -1)
    rows["quiet_key"] = pd.Series(
        keys_of(rows["number"].astype(str), quiet) if quiet else [None] * len(rows), dtype=object
    )
    groups, _keys = pd.factorize(rows["quiet_key"], use_na_sentinel=False)
    rows["request_seq"] = _request_seq(rows["content_id"].to_numpy(), send, groups)
    segs_by_content = (
        rows.loc[send].groupby("content_id")["segments"].first().reindex(range(len(uniques)))
    )
    return CampaignPlan(
        rows=rows,
        contents=[str(u) for u in uniques],
        content_segments=[int(s) for s in segs_by_content.fillna(0)],
        problems=check.problems,
    )


def _message_problems(
    rows: pd.DataFrame,
    combos: part_counts.Combinations,
    counts: part_counts.MessageCounts,
    ok: np.ndarray,
) -> list[RowProblem]:
    """Messages too long or empty once filled in; the rows are looked at only when one
    combination of values gives such a message."""
    long_ones, blank_ones = counts.characters > CONTENT_MAX_CHARS, counts.blank
    if not long_ones.any() and not blank_ones.any():
        return []
    counts = counts.take(combos.codes)
    too_long = ok & long_ones[combos.codes]
    empty = ok & blank_ones[combos.codes]
    out = [
        RowProblem(
            int(r),
            "content",
            f"Row {int(r)}: the message is {int(n)} characters once filled in; the limit is "
            f"{CONTENT_MAX_CHARS}. Shorten the message or this row's values.",
            f"第 {int(r)} 行：填入内容后短信有 {int(n)} 个字符，上限为 {CONTENT_MAX_CHARS}。"
            "请缩短短信或该行的内容。",
        )
        for r, n in zip(rows["excel_row"][too_long], counts.characters[too_long], strict=True)
    ]
    out += [
        RowProblem(
            int(r),
            "content",
            f"Row {int(r)}: the message is empty once filled in. Fill in this row's values.",
            f"第 {int(r)} 行：填入内容后短信为空。请填写该行的内容。",
        )
        for r in rows["excel_row"][empty]
    ]
    return out


def _generated_ids(rows: pd.DataFrame) -> pd.Series:
    token = secrets.token_hex(4)
    return pd.Series([f"{token}-{int(r)}" for r in rows["excel_row"]], dtype=object)


def _order_ids(
    rows: pd.DataFrame,
    frame: pd.DataFrame,
    ok: np.ndarray,
    column: str,
    problems: list[RowProblem],
) -> pd.Series:
    if column not in frame.columns:
        raise InvalidInputError(f"There is no column called {column!r}.", field="orderId")
    values = frame[column].fillna("").astype(str).str.strip()
    dup = (values.duplicated(keep="first") & (values != "")).to_numpy()
    bad = (
        ok
        & (
            (values == "")
            | (values.str.len() > ORDER_ID_MAX_CHARS)
            | values.str.contains(",", regex=False)
        ).to_numpy()
    )
    for i in np.flatnonzero(ok & (bad | dup)):
        row, v = int(rows["excel_row"].iat[i]), values.iat[i]
        if not v:
            text = (
                f"Row {row}: the order id in '{column}' is empty. Fill it in, or let the "
                "console generate order ids."
            )
            text_zh = f"第 {row} 行：“{column}”列中的订单号为空。请填写，或让控制台自动生成订单号。"
        elif "," in v:
            text = (
                f"Row {row}: the order id in '{column}' has a comma, and order ids cannot "
                "have commas. Remove it."
            )
            text_zh = f"第 {row} 行：“{column}”列中的订单号包含逗号，订单号不能有逗号。请删除。"
        elif bad[i]:
            text = (
                f"Row {row}: the order id in '{column}' is {len(v)} characters long; the "
                f"limit is {ORDER_ID_MAX_CHARS}. Shorten it by {len(v) - ORDER_ID_MAX_CHARS}."
            )
            text_zh = (
                f"第 {row} 行：“{column}”列中的订单号有 {len(v)} 个字符，上限为 "
                f"{ORDER_ID_MAX_CHARS}。请删减 {len(v) - ORDER_ID_MAX_CHARS} 个字符。"
            )
        else:
            text = f"Row {row}: the order id {v!r} is used twice; each message needs its own."
            text_zh = f"第 {row} 行：订单号 {v!r} 重复使用；每条短信都需要各自的订单号。"
        problems.append(RowProblem(row, column, text, text_zh))
    return values.astype(object)


def _request_seq(content_ids: np.ndarray, send: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Requests of at most 1000 numbers, identical messages next to each other; a request
    never spans two quiet-hours groups."""
    seq = np.full(len(content_ids), -1, dtype=np.int64)
    idx = np.flatnonzero(send)
    if not len(idx):
        return seq
    order = idx[np.lexsort((content_ids[idx], groups[idx]))]
    group = groups[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    next_seq = 0
    for start, end in zip(starts.tolist(), [*starts[1:].tolist(), len(order)], strict=True):
        count = end - start
        seq[order[start:end]] = next_seq + np.arange(count) // NUMBERS_PER_REQUEST_MAX
        next_seq += -(-count // NUMBERS_PER_REQUEST_MAX)
    return seq


def draft_key(*parts: object) -> str:
    """Same inputs → same key, so a rerun finds the draft it already stored."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
