"""Parts of a delivery report page: sentences, charts, the messages table, the files."""

from __future__ import annotations

from datetime import tzinfo
from functools import partial
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from itnio_core.common import limits
from itnio_core.console import Console
from itnio_core.i18n import translate as i18n
from itnio_core.phones import country_choices, country_label
from itnio_core.reports import COLOURS, STATUS_KEYS, UNCHECKED_KEY, FileOptions, Target, word
from itnio_core.reports import files as report_files
from itnio_core.reports import jobs as report_jobs
from itnio_core.reports import query as report_query
from itnio_core.store import Store
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import N_, is_chinese, num, tr

PAGE_SIZE = 100
SMALL_FILE_ROWS = 50_000  # up to this many messages a file is made on click; above, prepared
TOP_COUNTRIES = 10
SHOWN_KEYS = tuple(k for k in STATUS_KEYS if k != UNCHECKED_KEY)
# One summary phrase per status; the sentence is in the report's language (``lang``).
PHRASES = {
    "delivered": N_("**{n}** were delivered ({share})"),
    "failed": N_("**{n}** failed ({share})"),
    "sending": N_("**{n}** are still sending ({share})"),
    "not_found": N_("**{n}** are not found yet ({share})"),
    "unchecked": N_("**{n}** are not checked yet ({share})"),
}
PHRASES_ONE = {  # English plurals: "1 was delivered"
    "delivered": N_("**{n}** was delivered ({share})"),
    "failed": PHRASES["failed"],
    "sending": N_("**{n}** is still sending ({share})"),
    "not_found": N_("**{n}** is not found yet ({share})"),
    "unchecked": N_("**{n}** is not checked yet ({share})"),
}


# ------------------------------------------------------------------ words
def _comma(lang: str) -> str:
    return "，" if i18n.normalise(lang) == i18n.CHINESE else ", "


def _share(n: int, total: int, lang: str) -> str:
    """``66.7%``: one decimal, always (unlike ``i18n.format_percent``), so columns line up."""
    return i18n.format_number(100 * n / total, lang, 1) + "%"


def sentence(counts: dict[str, int], lang: str) -> str:
    """The summary in one plain sentence, in ``lang``."""
    total = counts["total"] or 1
    keys = [k for k in STATUS_KEYS if counts[k] or k in ("delivered", "failed")]
    phrases = [
        i18n.translate(
            (PHRASES_ONE if counts[k] == 1 else PHRASES)[k],
            lang,
            n=i18n.format_number(counts[k], lang),
            share=_share(counts[k], total, lang),
        )
        for k in keys
    ]
    listed = i18n.translate(
        N_("{first} and {last}"), lang, first=_comma(lang).join(phrases[:-1]), last=phrases[-1]
    )
    return i18n.translate(
        N_("Of **{total}** message, {listed}.")
        if counts["total"] == 1
        else N_("Of **{total}** messages, {listed}."),
        lang,
        total=i18n.format_number(counts["total"], lang),
        listed=listed,
    )


def change_sentence(history: list[Any], zone: tuple[tzinfo, str], lang: str) -> str | None:
    """What changed between the two latest finished checks, in words, in ``lang``."""
    delta = report_query.changes(history)
    if not delta:
        return None
    previous = [c for c in history if c.counts and c.state in ("done", "failed")][1]
    when = _shared.format_time(previous.finished_at or previous.started_at, zone)
    moved = [(k, v) for k, v in delta.items() if v]
    if not moved:
        return i18n.translate(
            N_("Nothing changed since the previous check ({when})."), lang, when=when
        )
    changes = _comma(lang).join(
        i18n.translate(
            N_("{count} more {status}") if v > 0 else N_("{count} fewer {status}"),
            lang,
            count=i18n.format_number(abs(v), lang),
            status=word(k, lang).lower(),
        )
        for k, v in moved
    )
    return i18n.translate(
        N_("Since the previous check ({when}): {changes}."), lang, when=when, changes=changes
    )


# ------------------------------------------------------------------ charts
# Whole messages: ticks 1 apart at least, with thousands separators (never "0.000000").
_COUNT_AXIS = alt.Axis(format=",d", tickMinStep=1)


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
        st.markdown(tr("**Over time**"))
        series = report_query.over_time(history)
        if series.empty:
            st.caption(tr("Filled in after the first check."))
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
                        "at:T",
                        title=tr("Checked at ({zone})", zone=zone[1]),
                        axis=alt.Axis(format="%H:%M:%S"),
                    ),
                    y=alt.Y("messages:Q", title=tr("Messages"), axis=_COUNT_AXIS),
                    color=alt.Color("status:N", scale=_scale(lang, keys), title=None),
                    tooltip=["at:T", "status:N", "messages:Q"],
                )
            )
            st.altair_chart(chart, width="stretch")
    with right:
        st.markdown(tr("**By country**"))
        table = report_query.country_table(store, target).head(TOP_COUNTRIES)
        if table.empty:
            st.caption(tr("Filled in after the first check."))
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
                x=alt.X("sum(messages):Q", title=tr("Messages"), axis=_COUNT_AXIS),
                color=alt.Color("status:N", scale=_scale(lang, keys), title=None),
                tooltip=["country:N", "status:N", "messages:Q"],
            )
        )
        st.altair_chart(chart, width="stretch")


# ------------------------------------------------------------------ the messages table
def table(
    store: Store, target: Target, history: list[Any], lang: str, zone: tuple[tzinfo, str]
) -> None:
    st.subheader(tr("Messages"))
    status_col, country_col, search_col = st.columns([2, 2, 2])
    states = status_col.multiselect(
        tr("Status"),
        list(STATUS_KEYS),
        format_func=lambda k: word(k, lang),
        key=_state.REPORT_STATUS_FILTER,
        placeholder=tr("All statuses"),
    )
    countries = report_query.country_table(store, target)
    codes: list[int | None] = [None] + [
        report_query.UNKNOWN_COUNTRY if pd.isna(c) else int(c) for c in countries["calling_code"]
    ]
    totals = dict(zip(codes[1:], countries["total"].tolist(), strict=True))
    every = tr("All countries")  # bound now: AppTest calls format_func outside the run
    code = country_col.selectbox(
        tr("Country"),
        codes,
        format_func=lambda c: (
            every
            if c is None
            else f"{country_label(None if c < 0 else c, lang)}: {totals.get(c, 0):,}"
        ),
        key=_state.REPORT_COUNTRY_FILTER,
    )
    search = search_col.text_input(
        tr("Search"),
        key=_state.REPORT_SEARCH,
        max_chars=limits.SEARCH_MAX_CHARS,
        placeholder=tr("Part of a phone number or message ID"),
    )
    latest = next((c for c in history if not c.running), None)
    changed = st.toggle(
        tr("Only messages whose status changed in the latest check"),
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
    page = right.number_input(tr("Page"), 1, pages, key=_state.REPORT_PAGE)
    frame = report_query.rows(
        store, target, filters, limit=PAGE_SIZE, offset=(int(page) - 1) * PAGE_SIZE
    )
    left.caption(
        tr(
            "{matching} messages match. Page {page} of {pages}, {size} per page.",
            matching=num(matching),
            page=num(int(page)),
            pages=num(pages),
            size=num(PAGE_SIZE),
        )
    )
    if frame.empty:
        st.caption(tr("No message matches."))
        return
    st.dataframe(
        shown(frame, target, lang, zone), hide_index=True, width="stretch", key=_state.REPORT_TABLE
    )


_LEARNED_WORDS = {"pushed": N_("pushed (receipt)"), "asked": N_("asked (getReport)")}


def shown(frame: pd.DataFrame, target: Target, lang: str, zone: tuple[tzinfo, str]) -> pd.DataFrame:
    """The page of rows with plain headings (session language), words (``lang``), local times."""
    tz, name = zone
    learned = {k: _shared.translated(v) for k, v in _LEARNED_WORDS.items()}
    received = report_files.local_times(frame["receive_time"], tz).dt.strftime("%Y-%m-%d %H:%M:%S")
    changed = (
        pd.to_datetime(frame["changed_at"], unit="s", utc=True)
        .dt.tz_convert(tz)
        .dt.strftime("%Y-%m-%d %H:%M:%S")
    )
    out = pd.DataFrame(
        {
            tr("Message ID"): frame["msg_id"].astype("str"),
            tr("Phone number"): frame["number"].fillna("").astype("str"),
            tr("Country"): [
                country_label(None if pd.isna(c) else int(c), lang) for c in frame["calling_code"]
            ],
            tr("Status"): [word(k, lang) for k in frame["state"]],
            tr("Delivered or failed at ({zone})", zone=name): received.fillna("").astype("str"),
            tr("Status since ({zone})", zone=name): changed.fillna("").astype("str"),
            tr("Learned"): [learned.get(str(k), "") for k in frame["source"]],
            tr("Reason"): frame["reason"].fillna("").astype("str"),
        }
    )
    if frame["excel_row"].notna().any():
        rows = frame["excel_row"].astype("Int64")  # i18n: ignore
        out.insert(0, tr("Row"), rows)
    return out


# ------------------------------------------------------------------ files
def file_name(target: Target, fmt: str) -> str:
    return f"{target.kind}-{target.id}-delivery-report.{fmt}"  # i18n: ignore


def export_running(console: Console, target: Target) -> bool:
    return report_jobs.exports_running(console.store, target)


def download(
    console: Console, target: Target, total: int, fmt: str, opts: FileOptions, cell: Any
) -> None:
    """A download button; for a big report, "Prepare" first, with its progress."""
    store = console.store
    xlsx = fmt == "xlsx"
    label = tr("Download .xlsx") if xlsx else tr("Download .csv")
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
            on_click=_shared.record_export,
            args=(file_name(target, fmt),),
        )
        return
    prepare = _state.REPORT_XLSX_PREPARE_BTN if xlsx else _state.REPORT_CSV_PREPARE_BTN
    job = report_jobs.export_job(store, target, (fmt, opts.lang, opts.tz_name))
    if job is not None and job.finished_at is None:
        text = (
            tr(
                "Writing the .{fmt}: {written} of {total} rows",
                fmt=fmt,
                written=num(job.written),
                total=num(job.total),
            )
            if job.written < job.total
            else tr("Compressing the .{fmt}…", fmt=fmt)
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
            on_click=_shared.record_export,
            args=(file_name(target, fmt),),
        )
    if job is not None and job.error:
        cell.error(
            job.error_zh if is_chinese() and job.error_zh else job.error, icon=":material/error:"
        )
    cell.button(
        tr("Prepare the .{fmt}", fmt=fmt)
        if job is None or not job.ready
        else tr("Prepare the .{fmt} again", fmt=fmt),
        key=prepare,
        icon=":material/description:",
        on_click=_prepare,
        args=(console, target, total, fmt, opts),
        help=tr(
            "{total} messages: the file is written in the background; the download appears "
            "here when it is ready.",
            total=num(total),
        ),
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
