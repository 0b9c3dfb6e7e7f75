"""Report spreadsheets: .xlsx (summary, every message, a sheet per status) and .csv.

The .xlsx is streamed by xlsxwriter in constant-memory mode (rows go to disk
as they are written, see ``report_sheet``), so a million rows fit in a fixed
memory budget. Message ids and phone numbers are text cells, so Excel shows
``919876543210``, never ``9.19877E+11``; text from people is never a formula.
The .csv is UTF-8 with a BOM (Excel then reads Chinese correctly), and text
that Excel would run as a formula gets an apostrophe in front.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import tzinfo
from decimal import Decimal
from typing import Any, BinaryIO, ClassVar, Final

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.csv as pa_csv  # type: ignore[import-untyped]
import xlsxwriter

from ..phones import CALLING_CODES, country_label
from ..sheets import FORMULA_TRIGGERS, Column
from ..sheets import stream as report_sheet
from ..store import Store
from . import history as report_history
from . import query as report_query
from .statuses import (
    DELIVERED_KEY,
    FAILED_KEY,
    NOT_FOUND_KEY,
    SENDING_KEY,
    STATUS_KEYS,
    UNCHECKED_KEY,
    word,
)
from .summary import HEADINGS, write_summary
from .summary import FileOptions as FileOptions  # re-exported: callers import it here
from .target import Target

PER_STATUS_LIMIT = 100_000  # up to this many messages, a sheet per status too
SHEET_ROWS = 1_048_575  # data rows that fit under the heading row
CHUNK = 50_000
CSV_CHUNK = 100_000
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
PLATFORM_OFFSET = "+08:00"  # a receiveTime without a zone is platform time
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
Progress = Callable[[int], None]
DEFAULT_OPTIONS = FileOptions()


# ------------------------------------------------------------------ values
def local_times(texts: Any, tz: tzinfo) -> pd.Series:
    """Platform times (``2024-05-01T09:30:03+08:00``) as naive datetimes in ``tz``; NaT if empty.

    Each distinct text is parsed once: a campaign's messages share a handful of times.
    """
    codes, uniques = pd.factorize(pd.Series(texts, dtype="object").fillna(""))
    text = pd.Series(uniques, dtype="object").astype("str").str.strip()
    zoned = text.str.contains(r"(?:[+-][0-9]{2}:?[0-9]{2}|Z)$", regex=True)
    text = text.where(zoned | (text == ""), text + PLATFORM_OFFSET)
    parsed = pd.to_datetime(text.where(text != ""), utc=True, format="ISO8601", errors="coerce")
    local = parsed.dt.tz_convert(tz).dt.tz_localize(None)
    taken = local.to_numpy()[codes] if len(local) else np.array([], dtype="datetime64[ns]")
    return pd.Series(np.where(codes >= 0, taken, np.datetime64("NaT")), dtype="datetime64[ns]")


def excel_serials(moments: pd.Series) -> np.ndarray:
    return np.asarray(((moments - EXCEL_EPOCH) / pd.Timedelta(days=1)).to_numpy(dtype="float64"))


CODE_KEYS = {0: DELIVERED_KEY, 1: FAILED_KEY, -1: SENDING_KEY, None: NOT_FOUND_KEY}
CODE_KEYS[report_query.UNCHECKED_CODE] = UNCHECKED_KEY


def state_keys(codes: Iterable[int | None]) -> list[str]:
    """Stored status codes (None: not found yet) as status keys."""
    return [CODE_KEYS.get(c, SENDING_KEY) for c in codes]


def status_words(states: Iterable[str], lang: str) -> list[str]:
    words = {k: word(k, lang) for k in STATUS_KEYS}
    return [words.get(s, s) for s in states]


def country_names(codes: Iterable[Any], lang: str) -> list[str]:
    return [country_label(None if c is None or c != c else int(c), lang) for c in codes]


def _prepared(cols: dict[str, list[Any]], opts: FileOptions) -> dict[str, Any]:
    """One chunk of ``report_query.iter_columns`` as the detail sheet's columns."""
    return {
        "row": np.array(cols["excel_row"], dtype="float64"),
        "msg_id": cols["msg_id"],
        "number": cols["number"],
        "calling_code": np.array(cols["calling_code"], dtype="float64"),
        "country": country_names(cols["calling_code"], opts.lang),
        "status": status_words(state_keys(cols["status"]), opts.lang),
        "received": local_times(cols["receive_time"], opts.tz),
        "cost": _costs(cols["pay"], cols["currency"]),
    }


def _costs(pays: list[Any], currencies: list[Any]) -> list[str]:
    """``0.0045 USD`` where a receipt said what the message cost, else ""."""
    return [
        "" if p is None else f"{Decimal(str(p)).normalize():f} {c or ''}".strip()
        for p, c in zip(pays, currencies, strict=True)
    ]


def _only(cols: dict[str, list[Any]], key: str) -> dict[str, list[Any]]:
    keep = [i for i, k in enumerate(state_keys(cols["status"])) if k == key]
    return {name: [values[i] for i in keep] for name, values in cols.items()}


def _keys(with_rows: bool, with_costs: bool = False) -> list[str]:
    keys = [*HEADINGS, *(["cost"] if with_costs else [])]
    return keys if with_rows else keys[1:]


# ------------------------------------------------------------------ .xlsx
def write_xlsx(
    store: Store,
    target: Target,
    out: BinaryIO,
    opts: FileOptions = DEFAULT_OPTIONS,
    progress: Progress | None = None,
) -> None:
    counts = report_query.counts(store, target)
    history = report_history.checks(store, target)
    wb = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "nan_inf_to_errors": True,
        },
    )
    formats = _formats(wb)
    write_summary(wb, formats, store, target, counts, history, opts)
    with_rows = report_query.has_excel_rows(store, target)
    keys = _keys(with_rows, report_query.has_costs(store, target))
    detail = _DetailSheets(
        wb, formats, "全部短信" if opts.lang == "zh" else "All messages", keys, opts
    )
    per_status = counts["total"] <= PER_STATUS_LIMIT
    kept: dict[str, list[Any]] = {name: [] for name in report_query.EXPORT_COLUMNS}
    written = 0
    for cols in report_query.iter_columns(store, target, chunk=CHUNK):
        detail.append(_prepared(cols, opts))
        if per_status:
            for name, values in cols.items():
                kept[name].extend(values)
        written += len(cols["msg_id"])
        if progress is not None:
            progress(written)
    for key in STATUS_KEYS if per_status else ():
        part = _only(kept, key)
        if part["msg_id"]:
            _DetailSheets(wb, formats, word(key, opts.lang), keys, opts).append(
                _prepared(part, opts)
            )
    wb.close()


def xlsx_bytes(store: Store, target: Target, opts: FileOptions = DEFAULT_OPTIONS) -> bytes:
    out = io.BytesIO()
    write_xlsx(store, target, out, opts)
    return out.getvalue()


def _formats(wb: Any) -> dict[str, Any]:
    return {
        "bold": wb.add_format({"bold": True, "bg_color": "#EEF2F7"}),
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "date": wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        "percent": wb.add_format({"num_format": "0.0%"}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
    }


class _DetailSheets:
    """One sheet of messages, continued on "… (2)" past Excel's row limit."""

    WIDTHS: ClassVar[dict[str, int]] = {
        "row": 10,
        "msg_id": 24,
        "number": 18,
        "calling_code": 12,
        "country": 26,
        "status": 16,
        "received": 30,
        "cost": 16,
    }

    def __init__(
        self, wb: Any, formats: dict[str, Any], name: str, keys: list[str], opts: FileOptions
    ) -> None:
        self.wb, self.formats, self.name, self.keys, self.opts = wb, formats, name, keys, opts
        self.parts = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        self.parts += 1
        name = self.name if self.parts == 1 else f"{self.name} ({self.parts})"
        self.ws = self.wb.add_worksheet(name[:31])
        self.ws.freeze_panes(1, 0)
        for col, key in enumerate(self.keys):
            self.ws.set_column(col, col, self.WIDTHS[key])
            self.ws.write_string(0, col, self.opts.heading(key), self.formats["bold"])
        self.next_row = 1

    def append(self, values: dict[str, Any]) -> None:
        n = len(values["msg_id"])
        start = 0
        while start < n:
            if self.next_row > SHEET_ROWS:
                self._new_sheet()
            take = min(n - start, SHEET_ROWS + 1 - self.next_row)
            columns = [self._column(key, values[key][start : start + take]) for key in self.keys]
            self.next_row = report_sheet.append(
                self.ws, self.next_row, columns, self.formats["date"]
            )
            start += take

    @staticmethod
    def _column(key: str, values: Any) -> Column:
        if key == "received":
            return Column("date", excel_serials(values))
        if key in ("row", "calling_code"):
            return Column("number", values)
        return Column("text", values)


# ------------------------------------------------------------------ .csv
def write_csv(
    store: Store,
    target: Target,
    out: BinaryIO,
    opts: FileOptions = DEFAULT_OPTIONS,
    progress: Progress | None = None,
) -> None:
    """Every message as CSV: UTF-8 with a BOM, formula-like text neutralised, times local.

    Rows go from the driver's tuples to Arrow in one step, and a chunk is written
    (pyarrow, off the GIL) while the next is read from SQLite.
    """
    keys = _keys(report_query.has_excel_rows(store, target))
    out.write(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel then reads Chinese text correctly
    names = [opts.heading(k) for k in keys]
    out.write((",".join(f'"{n}"' for n in names) + "\r\n").encode("utf-8"))
    columns = tuple(
        c
        for c in report_query.EXPORT_COLUMNS
        if (c != "excel_row" or "row" in keys) and c not in report_query.PRICE_COLUMNS
    )
    written = 0
    options = pa_csv.WriteOptions(include_header=False, eol="\r\n", batch_size=65_536)
    with ThreadPoolExecutor(1, thread_name_prefix="report-csv") as pool:
        writing: Future[None] | None = None
        for batch in report_query.iter_rows(store, target, CSV_CHUNK, columns):
            rows = _struct(batch, columns)
            del batch
            table = pa.table(dict(zip(names, _csv_arrays(rows, keys, opts), strict=True)))
            if writing is not None:
                writing.result()  # one chunk waits at a time: memory stays flat
            writing = pool.submit(pa_csv.write_csv, table, out, options)
            written += len(rows)
            if progress is not None:
                progress(written)
        if writing is not None:
            writing.result()


CSV_TYPES: Final = {
    "excel_row": pa.int64(),
    "msg_id": pa.string(),
    "number": pa.string(),
    "calling_code": pa.int64(),
    "status": pa.int64(),
    "receive_time": pa.string(),
}


def _struct(batch: list[tuple[Any, ...]], columns: tuple[str, ...]) -> Any:
    """The rows as one Arrow struct array (the transposing done in C++)."""
    row_type = pa.struct([(c, CSV_TYPES[c]) for c in columns])
    try:
        return pa.array(batch, type=row_type)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
        # a value of an unexpected type (SQLite keeps what it was given): text is text
        fields = []
        for i, c in enumerate(columns):
            values = [r[i] for r in batch]
            if CSV_TYPES[c] == pa.string():
                values = [None if v is None else str(v) for v in values]
            fields.append(pa.array(values, CSV_TYPES[c]))
        return pa.StructArray.from_arrays(fields, names=list(columns))


def csv_bytes(store: Store, target: Target, opts: FileOptions = DEFAULT_OPTIONS) -> bytes:
    out = io.BytesIO()
    write_csv(store, target, out, opts)
    return out.getvalue()


def neutralised(values: Any) -> Any:
    """Text Excel would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a ``'``."""
    risky = pc.starts_with(values, FORMULA_TRIGGERS[0])
    for trigger in FORMULA_TRIGGERS[1:]:
        risky = pc.or_(risky, pc.starts_with(values, trigger))
    return pc.if_else(risky, pc.binary_join_element_wise("'", values, ""), values)


def _lookup(words: list[str], codes: Any, default: int) -> Any:
    """``words[code]`` for each code (a pyarrow int array; null or out of range: default)."""
    index = pc.fill_null(codes, default)
    index = pc.if_else(
        pc.and_(pc.greater_equal(index, 0), pc.less(index, len(words))), index, default
    )
    return pc.take(pa.array(words, pa.string()), index)


def _csv_arrays(rows: Any, keys: list[str], opts: FileOptions) -> Iterator[Any]:
    """The chunk's columns as pyarrow arrays: the mapping and quoting run in C++."""
    codes = rows.field("calling_code")
    for key in keys:
        if key == "row":
            yield rows.field("excel_row")
        elif key in ("msg_id", "number"):
            yield neutralised(rows.field(key))
        elif key == "calling_code":
            yield codes
        elif key == "country":
            yield _lookup(_country_words(opts.lang), codes, 0)
        elif key == "status":  # code -1..9 at index code + 1; None (not found yet) last
            states: list[int | None] = [*range(-1, 10), None]
            words = status_words(state_keys(states), opts.lang)
            status = pc.fill_null(pc.add(rows.field("status"), 1), len(states) - 1)
            yield _lookup(words, status, 0)
        else:
            encoded = rows.field("receive_time").dictionary_encode()
            local = local_times(encoded.dictionary.to_pylist(), opts.tz)
            shown = local.dt.strftime("%Y-%m-%d %H:%M:%S").fillna("").tolist()
            yield pc.take(pa.array(shown, pa.string()), encoded.indices)


@functools.cache
def _country_words(lang: str) -> list[str]:
    """Country labels by calling code 0..999; 0 and unknown codes: "Unknown"."""
    return [country_label(code if code in CALLING_CODES else None, lang) for code in range(1000)]
