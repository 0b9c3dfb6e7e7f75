"""The one spreadsheet upload box of every page: the file, a sheet picker when the workbook
has several, and the sheet read once per content (reruns reuse it, an error included)."""

from __future__ import annotations

import streamlit as st

from itnio_core.campaigns import flow as campaign_flow
from itnio_core.common import ItnioError
from itnio_core.sheets import Table
from itnio_core.sheets import read as spreadsheets
from views._ui.i18n import lang, num, tr
from views._ui.state import DIGESTS_KEY

TYPES = ["xlsx", "xls", "csv", "ods", "tsv", "txt"]


@st.cache_resource(max_entries=6, ttl=3600, show_spinner=False)
def _sheets(digest: str, filename: str, _data: bytes) -> list[str] | ItnioError:
    try:
        return spreadsheets.sheet_names(_data, filename)
    except ItnioError as exc:
        return _words_of(exc)


@st.cache_resource(max_entries=6, ttl=3600, show_spinner=False)
def _load(
    digest: str, filename: str, sheet: str | None, _data: bytes
) -> campaign_flow.Upload | ItnioError:
    try:
        return campaign_flow.load_upload(_data, filename, sheet)
    except ItnioError as exc:
        return _words_of(exc)


def _words_of(exc: ItnioError) -> ItnioError:
    """The error's messages without its traceback, which would keep the parser's frames alive."""
    return ItnioError(exc.user_message, message_zh=exc.message_zh)


def _digest(file_id: str, data: bytes) -> str:
    cache: dict[str, str] = st.session_state.setdefault(DIGESTS_KEY, {})
    if file_id not in cache:
        cache[file_id] = spreadsheets.content_hash(data)
    return cache[file_id]


def read(label: str, upload_key: str, sheet_key: str) -> tuple[campaign_flow.Upload, str] | None:
    """The uploaded sheet and its file's content hash; None (with the reason shown) if none."""
    file = st.file_uploader(label, type=TYPES, key=upload_key)
    if file is None:
        return None
    data = file.getvalue()
    digest = _digest(file.file_id, data)
    names = _sheets(digest, file.name, data)
    if isinstance(names, ItnioError):
        st.error(names.message_for(lang()), icon=":material/error:")
        return None
    with st.spinner(tr("Reading the spreadsheet…")):
        upload = _load(digest, file.name, None, data)  # the sheet with the phone numbers
    if len(names) > 1:
        found = upload.table.sheet if not isinstance(upload, ItnioError) else names[0]
        sheet = st.selectbox(
            tr("This workbook has several sheets. Which one holds the list?"),
            names,
            index=names.index(found) if found in names else 0,
            key=sheet_key,
        )
        if sheet != found:
            with st.spinner(tr("Reading the spreadsheet…")):
                upload = _load(digest, file.name, sheet, data)
    if isinstance(upload, ItnioError):
        st.error(upload.message_for(lang()), icon=":material/error:")
        return None
    st.caption(summary(file.name, upload.table))
    return upload, digest


def summary(filename: str, table: Table) -> str:
    """``list.xlsx: sheet “Sheet1”, 1,200 rows, headers on row 3.``"""
    where = tr("sheet “{sheet}”, ", sheet=table.sheet) if table.source_format != "csv" else ""
    header = (
        tr("headers on row {row}", row=table.header_row)
        if table.header_row
        else tr("no header row (columns named by letter)")
    )
    return tr(
        "{file}: {where}{rows} rows, {header}.",
        file=filename,
        where=where,
        rows=num(len(table.frame)),
        header=header,
    )
