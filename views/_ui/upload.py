"""The one spreadsheet upload box of every page: the file, a sheet picker when the workbook
has several, and the sheet read once per content (reruns reuse it, an error included).

What a box holds (the sheet read, and what pages work out from it: ``kept``) belongs to
the session and to the file in the box: it goes when the file is removed or replaced, and
when the session ends (a session-scoped ``st.cache_resource``, which Streamlit clears as
soon as the browser disconnects), never shared between people or kept for an hour."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import streamlit as st

from itnio_core.campaigns import CampaignPlan, PlanPreview, in_memory
from itnio_core.campaigns import flow as campaign_flow
from itnio_core.common import ItnioError
from itnio_core.sheets import Table
from itnio_core.sheets import read as spreadsheets
from views._ui.i18n import lang, num, tr
from views._ui.state import DIGESTS_KEY

T = TypeVar("T")

TYPES = ["xlsx", "xls", "csv", "ods", "tsv", "txt"]
_Upload = campaign_flow.Upload
_HEAVY = (campaign_flow.Upload, campaign_flow.Checked, CampaignPlan, PlanPreview)


class _Box:
    """What one upload box holds for this session: the file's sheet names, the sheet read
    (an error included, so reruns do not read it again) and what pages worked out from it
    (``kept``). All of it goes when the file is removed or replaced, or the session ends."""

    def __init__(self) -> None:
        self.digest: str | None = None  # the file's content hash; None: no file
        self.names: list[str] | ItnioError = []
        self.found: str | None = None  # the sheet chosen by default (the one with phones)
        self.sheet: _Upload | ItnioError | None = None  # the sheet read now
        self.asked: str | None = None  # the sheet chosen in the picker for it (None: found)
        self.derived: dict[str, tuple[Hashable, Any]] = {}  # slot -> (key, value)

    def empty(self) -> None:
        if self.digest is None and self.sheet is None and not self.derived:
            return
        self.digest, self.names, self.found, self.sheet, self.asked = None, [], None, None, None
        self.derived.clear()
        in_memory.give_back()

    def drop_sheet(self) -> None:
        """Before another sheet is read: the one before and what came from it go first."""
        if self.sheet is not None or self.derived:
            self.sheet = None
            self.derived.clear()
            in_memory.give_back()


def _release(box: _Box) -> None:
    """The session ended (Streamlit clears its session-scoped caches when it disconnects)."""
    box.empty()


@st.cache_resource(scope="session", show_spinner=False, on_release=_release)
def _box(upload_key: str) -> _Box:
    in_memory.use_returning_allocators()  # once per process: memory freed is given back
    return _Box()


def _sheet_names(data: bytes, filename: str) -> list[str] | ItnioError:
    try:
        return spreadsheets.sheet_names(data, filename)
    except ItnioError as exc:
        return _words_of(exc)


def _load(data: bytes, filename: str, sheet: str | None) -> _Upload | ItnioError:
    try:
        return campaign_flow.load_upload(data, filename, sheet)
    except ItnioError as exc:
        return _words_of(exc)


def _words_of(exc: ItnioError) -> ItnioError:
    """The error's messages without its traceback, which would keep the parser's frames alive."""
    return ItnioError(exc.user_message, message_zh=exc.message_zh)


def _digest(file_id: str, data: bytes) -> str:
    cache: dict[str, str] = st.session_state.setdefault(DIGESTS_KEY, {})
    if file_id not in cache:
        cache.clear()  # only the file in the box now: a long session does not collect them
        cache[file_id] = spreadsheets.content_hash(data)
    return cache[file_id]


def read(label: str, upload_key: str, sheet_key: str) -> tuple[_Upload, str] | None:
    """The uploaded sheet and its file's content hash; None (with the reason shown) if none.

    The sheet is held for this session only, while the file is in the box."""
    file = st.file_uploader(label, type=TYPES, key=upload_key)
    box = _box(upload_key)
    if file is None:
        if box.digest is not None:  # the file was removed: let its sheet go
            box.empty()
        return None
    data = file.getvalue()
    digest = _digest(file.file_id, data)
    if box.digest != digest:  # a new file: the one before goes first
        box.empty()
        box.digest, box.names = digest, _sheet_names(data, file.name)
    if isinstance(box.names, ItnioError):
        st.error(box.names.message_for(lang()), icon=":material/error:")
        return None
    if box.found is None:
        with st.spinner(tr("Reading the spreadsheet…")):
            first = box.sheet = _load(data, file.name, None)  # the sheet with the phones
        box.found = first.table.sheet if isinstance(first, _Upload) else box.names[0]
    if len(box.names) > 1:
        sheet = st.selectbox(
            tr("This workbook has several sheets. Which one holds the list?"),
            box.names,
            index=box.names.index(box.found) if box.found in box.names else 0,
            key=sheet_key,
        )
        if sheet != (box.asked or box.found):
            box.drop_sheet()
            with st.spinner(tr("Reading the spreadsheet…")):
                box.sheet = _load(data, file.name, sheet)
            box.asked = sheet
    upload = box.sheet
    if isinstance(upload, ItnioError) or upload is None:
        if upload is not None:
            st.error(upload.message_for(lang()), icon=":material/error:")
        return None
    st.caption(summary(file.name, upload.table))
    return upload, digest


def kept(upload_key: str, upload: _Upload, slot: str, key: Hashable, build: Callable[[], T]) -> T:
    """``build()``'s value, kept in ``upload``'s box while the upload and ``key`` stay the
    same (one value per ``slot``); it goes with the upload. ``upload`` may also be one a
    page was handed (not in the box): it then takes the box's place until a file comes."""
    box = _box(upload_key)
    if box.sheet is not upload:
        box.empty()
        box.sheet = upload  # handed over (e.g. "Resend to failed"): no file behind it
    found = box.derived.get(slot)
    if found is not None and found[0] == key:
        return found[1]  # type: ignore[no-any-return]
    box.derived.pop(slot, None)
    value = build()
    box.derived[slot] = (key, value)
    return value


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


# ------------------------------------------------------- buttons that use what a box holds
class _Weak:
    """A button's argument held weakly: the box keeps the object, a button never does."""

    __slots__ = ("ref",)

    def __init__(self, value: object) -> None:
        self.ref = weakref.ref(value)


def _holds_rows(value: object) -> bool:
    """An upload, or something worked out from one (verdicts, plan): a few hundred MiB."""
    return isinstance(value, _HEAVY)


def on_click(callback: Callable[..., None], *args: Any) -> dict[str, Any]:
    """``on_click`` and ``args`` for a widget whose callback takes an upload or what came
    from it. Streamlit keeps a widget's callback arguments in the session's state, which
    outlives a removed file (until the next run) and an ended session (for a reconnect):
    so they are held weakly, and if one has gone by the time of the click nothing is done
    (the run that follows shows the page as it now is)."""
    held = tuple(_Weak(a) if _holds_rows(a) else a for a in args)
    return {"on_click": _call_weakly, "args": (callback, *held)}


def _call_weakly(callback: Callable[..., None], *args: Any) -> None:
    values = []
    for arg in args:
        if isinstance(arg, _Weak):
            arg = arg.ref()
            if arg is None:  # the upload went (removed, or the session ended and came back)
                return
        values.append(arg)
    callback(*values)


def data_of(build: Callable[[T], bytes], value: T) -> Callable[[], bytes]:
    """A download button's ``data`` made on click from ``value``, held weakly (see
    ``on_click``); empty if it has gone."""
    ref = weakref.ref(value)

    def data() -> bytes:
        found = ref()
        return build(found) if found is not None else b""

    return data
