"""Parts of a delivery report page: sentences, charts, the messages table, the files."""

from __future__ import annotations

from datetime import tzinfo
from functools import partial
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from itnio_core import report_files, report_jobs, report_query
from itnio_core.numbers import country_choices
from itnio_core.report_countries import country_label
from itnio_core.report_files import FileOptions
from itnio_core.reports import COLOURS, STATUS_KEYS, UNCHECKED_KEY, Target, word
from itnio_core.runtime import Console
from itnio_core.store import Store
from views import _shared, _state

PAGE_SIZE = 100
SMALL_FILE_ROWS = 50_000  # up to this many messages a file is made on click; above, prepared
TOP_COUNTRIES = 10
SHOWN_KEYS = tuple(k for k in STATUS_KEYS if k != UNCHECKED_KEY)


# ------------------------------------------------------------------ words
def sentence(counts: dict[str, int], lang: str) -> str:
    """The summary in one plain sentence."""
    total = counts["total"] or 1

    def part(key: str) -> str:
        n = counts[key]
        share = f"{n / total:.1%}"
        if lang == "zh":
            return f"{word(key, 'zh')} {n:,} 条({share})"
        verb = {
            "delivered": "were delivered",
            "failed": "failed",
            "sending": "are still sending",
            "not_found": "are not found yet",
            "unchecked": "are not checked yet",
        }[key]
        return f"**{n:,}** {verb} ({share})"

    keys = [k for k in STATUS_KEYS if counts[k] or k in ("delivered", "failed")]
    if lang == "zh":
        return f"共 {counts['total']:,} 条短信:" + ",".join(part(k) for k in keys) + "。"
    listed = ", ".join(part(k) for k in keys[:-1]) + f" and {part(keys[-1])}"
    return f"Of **{counts['total']:,}** messages, {listed}."


def change_sentence(history: list[Any], zone: tuple[tzinfo, str], lang: str) -> str | None:
    """What changed between the two latest finished checks, in words."""
    delta = report_query.changes(history)
    if not delta:
        return None
    previous = [c for c in history if c.counts and c.state in ("done", "failed")][1]
    when = _shared.format_time(previous.finished_at or previous.started_at, zone)
    moved = [(k, v) for k, v in delta.items() if v]
    if lang == "zh":
        if not moved:
            return f"与上次查询({when})相比没有变化。"
        return f"与上次查询({when})相比:" + ",".join(
            f"{word(k, 'zh')} {'+' if v > 0 else ''}{v:,}" for k, v in moved
        )
    if not moved:
        return f"Nothing changed since the previous check ({when})."
    words = ", ".join(
        f"{abs(v):,} {'more' if v > 0 else 'fewer'} {word(k).lower()}" for k, v in moved
    )
    return f"Since the previous check ({when}): {words}."


# ------------------------------------------------------------------ charts
def _scale(lang: str, keys: list[str]) -> alt.Scale:
    """The same colour for a status in every chart; only the statuses shown in the legend."""
    return alt.Scale(domain=[word(k, lang) for k in keys], range=[COLOURS[k] for k in keys])


def _present(frame: pd.DataFrame) -> list[str]:
    return [k for k in SHOWN_KEYS if frame[k].astype("int64").sum() > 0] or ["delivered"]


def charts(
    store: Store, target: Target, history: list[Any], lang: str, zone: tuple[tzinfo, str]
) -> None:
    left, right = st.columns(2)
    with left:
        st.markdown("**Over time**")
        series = report_query.over_time(history)
        if series.empty:
            st.caption("Filled in after the first check.")
        else:
            at = pd.to_datetime(series["at"], utc=True).dt.tz_convert(zone[0]).dt.tz_localize(None)
            keys = _present(series)
            long = series.assign(at=at).melt("at", keys, "key", "messages")
            long["status"] = long["key"].map(lambda k: word(k, lang))
            chart = (
                alt.Chart(long)
                .mark_line(point=True)
                .encode(
                    x=alt.X(
                        "at:T", title=f"Checked at ({zone[1]})", axis=alt.Axis(format="%H:%M:%S")
                    ),
                    y=alt.Y("messages:Q", title="Messages"),
                    color=alt.Color("status:N", scale=_scale(lang, keys), title=None),
                    tooltip=["at:T", "status:N", "messages:Q"],
                )
            )
            st.altair_chart(chart, width="stretch")
    with right:
        st.markdown("**By country**")
        table = report_query.country_table(store, target).head(TOP_COUNTRIES)
        if table.empty:
            st.caption("Filled in after the first check.")
            return
        table["country"] = [
            country_label(None if pd.isna(c) else int(c), lang) for c in table["calling_code"]
        ]
        keys = _present(table)
        long = table.melt("country", keys, "key", "messages")
        long["status"] = long["key"].map(lambda k: word(k, lang))
        chart = (
            alt.Chart(long[long["messages"] > 0])
            .mark_bar()
            .encode(
                y=alt.Y(
                    "country:N",
                    sort=list(table["country"]),
                    title=None,
                    axis=alt.Axis(labelLimit=220),
                ),
                x=alt.X("sum(messages):Q", title="Messages"),
                color=alt.Color("status:N", scale=_scale(lang, keys), title=None),
                tooltip=["country:N", "status:N", "messages:Q"],
            )
        )
        st.altair_chart(chart, width="stretch")


# ------------------------------------------------------------------ the messages table
def table(
    store: Store, target: Target, history: list[Any], lang: str, zone: tuple[tzinfo, str]
) -> None:
    st.subheader("Messages")
    status_col, country_col, search_col = st.columns([2, 2, 2])
    states = status_col.multiselect(
        "Status",
        list(STATUS_KEYS),
        format_func=lambda k: word(k, lang),
        key=_state.REPORT_STATUS_FILTER,
        placeholder="All statuses",
    )
    countries = report_query.country_table(store, target)
    codes: list[int | None] = [None] + [
        report_query.UNKNOWN_COUNTRY if pd.isna(c) else int(c) for c in countries["calling_code"]
    ]
    totals = dict(zip(codes[1:], countries["total"].tolist(), strict=True))
    code = country_col.selectbox(
        "Country",
        codes,
        format_func=lambda c: (
            "All countries"
            if c is None
            else f"{country_label(None if c < 0 else c, lang)}: {totals.get(c, 0):,}"
        ),
        key=_state.REPORT_COUNTRY_FILTER,
    )
    search = search_col.text_input(
        "Search", key=_state.REPORT_SEARCH, placeholder="Part of a phone number or message ID"
    )
    latest = next((c for c in history if not c.running), None)
    changed = st.toggle(
        "Only messages whose status changed in the latest check",
        key=_state.REPORT_CHANGED_ONLY,
        disabled=latest is None,
    )
    since = latest.started_at.timestamp() if changed and latest is not None else None
    filters = report_query.Filters(tuple(states), code, search or "", since)
    matching = report_query.count_rows(store, target, filters)
    pages = max(1, -(-matching // PAGE_SIZE))
    st.session_state[_state.REPORT_PAGE] = min(
        int(st.session_state.get(_state.REPORT_PAGE, 1)), pages
    )
    left, right = st.columns([4, 1])
    page = right.number_input("Page", 1, pages, key=_state.REPORT_PAGE)
    frame = report_query.rows(
        store, target, filters, limit=PAGE_SIZE, offset=(int(page) - 1) * PAGE_SIZE
    )
    left.caption(
        f"{matching:,} messages match. Page {int(page)} of {pages:,}, {PAGE_SIZE} per page."
    )
    if frame.empty:
        st.caption("No message matches.")
        return
    st.dataframe(
        shown(frame, target, lang, zone), hide_index=True, width="stretch", key=_state.REPORT_TABLE
    )


def shown(frame: pd.DataFrame, target: Target, lang: str, zone: tuple[tzinfo, str]) -> pd.DataFrame:
    """The page of rows with plain headings, words and local times."""
    tz, name = zone
    received = report_files.local_times(frame["receive_time"], tz).dt.strftime("%Y-%m-%d %H:%M:%S")
    changed = (
        pd.to_datetime(frame["changed_at"], unit="s", utc=True)
        .dt.tz_convert(tz)
        .dt.strftime("%Y-%m-%d %H:%M:%S")
    )
    out = pd.DataFrame(
        {
            "Message ID": frame["msg_id"].astype("str"),
            "Phone number": frame["number"].fillna("").astype("str"),
            "Country": [
                country_label(None if pd.isna(c) else int(c), lang) for c in frame["calling_code"]
            ],
            "Status": [word(k, lang) for k in frame["state"]],
            f"Delivered or failed at ({name})": received.fillna("").astype("str"),
            f"Status since ({name})": changed.fillna("").astype("str"),
        }
    )
    if frame["excel_row"].notna().any():
        out.insert(0, "Row", frame["excel_row"].astype("Int64"))
    return out


# ------------------------------------------------------------------ files
def file_name(target: Target, fmt: str) -> str:
    return f"{target.kind}-{target.id}-delivery-report.{fmt}"


def export_running(console: Console, target: Target) -> bool:
    return report_jobs.exports_running(console.store, target)


def download(
    console: Console, target: Target, total: int, fmt: str, opts: FileOptions, cell: Any
) -> None:
    """A download button; for a big report, "Prepare" first, with its progress."""
    store = console.store
    xlsx = fmt == "xlsx"
    label = "Download .xlsx" if xlsx else "Download .csv"
    mime = report_files.XLSX_MIME if xlsx else report_files.CSV_MIME
    key = _state.REPORT_XLSX_DL if xlsx else _state.REPORT_CSV_DL
    if total <= SMALL_FILE_ROWS:
        writer = report_files.xlsx_bytes if xlsx else report_files.csv_bytes
        cell.download_button(
            label,
            data=partial(writer, store, target, opts),
            file_name=file_name(target, fmt),
            mime=mime,
            key=key,
            icon=":material/download:",
            on_click="ignore",
        )
        return
    prepare = _state.REPORT_XLSX_PREPARE_BTN if xlsx else _state.REPORT_CSV_PREPARE_BTN
    job = report_jobs.export_job(store, target, (fmt, opts.lang, opts.tz_name))
    if job is not None and job.finished_at is None:
        text = (
            f"Writing the .{fmt}: {job.written:,} of {job.total:,} rows"
            if job.written < job.total
            else f"Compressing the .{fmt}…"
        )
        cell.progress(job.fraction, text=text)
        return
    if job is not None and job.ready:
        cell.download_button(
            label,
            data=job.read,
            file_name=file_name(target, fmt),
            mime=mime,
            key=key,
            icon=":material/download:",
            on_click="ignore",
        )
    if job is not None and job.error:
        cell.error(job.error, icon=":material/error:")
    cell.button(
        f"Prepare the .{fmt}" if job is None or not job.ready else f"Prepare the .{fmt} again",
        key=prepare,
        icon=":material/description:",
        on_click=_prepare,
        args=(console, target, total, fmt, opts),
        help=f"{total:,} messages: the file is written in the background; the download "
        "appears here when it is ready.",
    )


def _prepare(console: Console, target: Target, total: int, fmt: str, opts: FileOptions) -> None:
    def write(store: Store, target_: Target, out: Any, progress: Any) -> None:
        writer = report_files.write_xlsx if fmt == "xlsx" else report_files.write_csv
        writer(store, target_, out, opts, progress)

    report_jobs.start_export(
        console.store, target, (fmt, opts.lang, opts.tz_name), file_name(target, fmt), total, write
    )


def country_index(region: str) -> int | None:
    """Where a country is in the New campaign page's country picker."""
    for i, (code, _name, _calling) in enumerate(country_choices()):
        if code == region:
            return i
    return None
