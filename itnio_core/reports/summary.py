"""The report workbook's summary sheet: counts, the charts' numbers, and the charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, tzinfo
from typing import Any

import pandas as pd

from ..phones import country_label
from ..store import Store
from . import history as report_history
from . import query as report_query
from .charts import add_charts
from .statuses import STATUS_KEYS, UNCHECKED_KEY, meaning, word
from .target import Target

HEADINGS: dict[str, tuple[str, str]] = {
    "row": ("Row in your sheet", "表格行号"),
    "msg_id": ("Message ID", "消息 ID"),
    "number": ("Phone number", "手机号码"),
    "calling_code": ("Country code", "国家代码"),
    "country": ("Country", "国家/地区"),
    "status": ("Status", "状态"),
    "received": ("Delivered or failed at", "送达或失败时间"),
}
# The .xlsx only, when the platform reported what any of the messages cost.
COST_HEADING: tuple[str, str] = ("Cost", "费用")


@dataclass(frozen=True)
class FileOptions:
    lang: str = "en"  # "en" or "zh": status words and headings
    tz: tzinfo = UTC
    tz_name: str = "UTC"

    def heading(self, key: str) -> str:
        en, zh = COST_HEADING if key == "cost" else HEADINGS[key]
        text = zh if self.lang == "zh" else en
        return f"{text} ({self.tz_name})" if key == "received" else text


def write_summary(
    wb: Any,
    formats: dict[str, Any],
    store: Store,
    target: Target,
    counts: dict[str, int],
    history: list[report_history.Check],
    opts: FileOptions,
) -> None:
    """Facts, counts per status, by country, over time, what the words mean, and charts."""
    ws = wb.add_worksheet("汇总" if opts.lang == "zh" else "Summary")
    ws.set_column(0, 0, 30)
    ws.set_column(1, 7, 14)
    _facts(ws, formats, store, target, counts, history, opts)
    keys = [k for k in STATUS_KEYS if k != UNCHECKED_KEY or counts[k]]
    row, status_rows = _status_block(ws, 6, counts, keys, formats, opts)
    row, country_rows = _country_block(ws, row + 1, store, target, keys, formats, opts)
    row, time_rows = _time_block(ws, row + 1, history, keys, formats, opts)
    _meanings(ws, row + 1, keys, formats, opts)
    add_charts(wb, ws, keys, status_rows, country_rows, time_rows, opts.lang)


def _facts(
    ws: Any,
    formats: dict[str, Any],
    store: Store,
    target: Target,
    counts: dict[str, int],
    history: list[report_history.Check],
    opts: FileOptions,
) -> None:
    zh = opts.lang == "zh"
    last = next((c for c in history if c.state in ("done", "failed")), None)
    as_of = (
        f"{last.finished_at.astimezone(opts.tz):%Y-%m-%d %H:%M:%S}"
        if last and last.finished_at
        else ("尚未查询" if zh else "not checked yet")
    )
    ws.write_string(0, 0, "发送报告" if zh else "Delivery report", formats["title"])
    facts = [
        ("报告" if zh else "Report", report_query.title(store, target, opts.lang)),
        ("状态截至" if zh else "Statuses as of", f"{as_of} ({opts.tz_name})"),
        ("时区" if zh else "Times are in", opts.tz_name),
        ("短信总数" if zh else "Messages", counts["total"]),
    ]
    for r, (label, value) in enumerate(facts, start=1):
        ws.write_string(r, 0, label, formats["bold"])
        _write(ws, r, 1, value)


def _status_block(
    ws: Any,
    row: int,
    counts: dict[str, int],
    keys: list[str],
    formats: dict[str, Any],
    opts: FileOptions,
) -> tuple[int, tuple[int, int]]:
    zh = opts.lang == "zh"
    _heading(
        ws, row, ["状态", "短信数", "占比"] if zh else ["Status", "Messages", "Share"], formats
    )
    total = counts["total"]
    for r, key in enumerate(keys, start=row + 1):
        ws.write_string(r, 0, word(key, opts.lang))
        ws.write_number(r, 1, counts[key])
        ws.write_number(r, 2, counts[key] / total if total else 0, formats["percent"])
    return row + len(keys) + 1, (row + 1, row + len(keys))


def _meanings(
    ws: Any, row: int, keys: list[str], formats: dict[str, Any], opts: FileOptions
) -> None:
    ws.write_string(
        row, 0, "各状态的含义" if opts.lang == "zh" else "What the statuses mean", formats["title"]
    )
    for r, key in enumerate(keys, start=row + 1):
        ws.write_string(r, 0, word(key, opts.lang), formats["bold"])
        ws.write_string(r, 1, meaning(key, opts.lang))


def _heading(ws: Any, row: int, labels: list[str], formats: dict[str, Any]) -> None:
    for col, label in enumerate(labels):
        ws.write_string(row, col, label, formats["bold"])


def _write(ws: Any, row: int, col: int, value: Any) -> None:
    if isinstance(value, int | float):
        ws.write_number(row, col, value)
    else:
        ws.write_string(row, col, str(value))


def _country_block(
    ws: Any,
    row: int,
    store: Store,
    target: Target,
    keys: list[str],
    formats: dict[str, Any],
    opts: FileOptions,
) -> tuple[int, tuple[int, int] | None]:
    zh = opts.lang == "zh"
    table = report_query.country_table(store, target)
    ws.write_string(row, 0, "按国家/地区" if zh else "By country", formats["title"])
    header = [
        opts.heading("country"),
        *(word(k, opts.lang) for k in keys),
        "合计" if zh else "Total",
    ]
    _heading(ws, row + 1, header, formats)
    first = row + 2
    for r, rec in enumerate(table.itertuples(index=False), start=first):
        code = rec.calling_code
        ws.write_string(r, 0, country_label(None if pd.isna(code) else int(code), opts.lang))
        for c, key in enumerate(keys, start=1):
            ws.write_number(r, c, int(getattr(rec, key)))
        ws.write_number(r, len(keys) + 1, int(rec.total))
    last = first + len(table) - 1
    return max(last, first) + 1, ((first, last) if len(table) else None)


def _time_block(
    ws: Any,
    row: int,
    history: list[report_history.Check],
    keys: list[str],
    formats: dict[str, Any],
    opts: FileOptions,
) -> tuple[int, tuple[int, int] | None]:
    zh = opts.lang == "zh"
    series = report_query.over_time(history)
    ws.write_string(row, 0, "随时间变化" if zh else "Over time", formats["title"])
    when = f"{'查询时间' if zh else 'Checked at'} ({opts.tz_name})"
    _heading(ws, row + 1, [when, *(word(k, opts.lang) for k in keys)], formats)
    first = row + 2
    for r, rec in enumerate(series.to_dict("records"), start=first):
        at = pd.Timestamp(rec["at"]).tz_convert(opts.tz).tz_localize(None)
        ws.write_datetime(r, 0, at.to_pydatetime(), formats["date"])
        for c, key in enumerate(keys, start=1):
            ws.write_number(r, c, int(rec[key]))
    last = first + len(series) - 1
    return max(last, first) + 1, ((first, last) if len(series) else None)
