"""A campaign from a spreadsheet, step by step: upload → check → plan → draft.

The "New campaign" page and ``itnio send FILE`` both go
through these functions, so a list gives the same verdicts, the same plan
and the same stored draft whichever way it is sent.

    upload = load_upload(data, "list.xlsx")                # unreadable file: SpreadsheetError
    checked = check_upload(store, upload, country="IN")    # every row gets a verdict
    shown = preview(checked, "Hi {Name}")                  # counts and first messages, fast
    plan_ = plan(checked, "Hi {Name}")                     # messages and requests
    draft_id = save_draft(store, checked, plan_, name=..., content=..., sender_id=..., user=...)
    campaign_store.confirm(store, draft_id, user=...)      # then the sender sends it
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from phonenumbers import country_code_for_region

from ..common import InvalidInputError, limits
from ..quiet_hours import Rules
from ..sheets import (
    SpreadsheetError,
    Table,
    content_hash,
    detect_phone_column,
    frames_to_xlsx,
    neutralise_csv,
    read_table,
    sheet_names,
)
from ..store import Store
from . import in_memory, stop_list
from . import store as campaign_store
from .part_counts import SheetParts
from .plan import CampaignPlan, draft_key, plan_campaign
from .preview import PlanPreview, preview_campaign
from .verdicts import VERDICTS, Verdicts, check_recipients

SUMMARY_KEYS = ("rows", *VERDICTS, "segments", "requests")
VERDICT_COLUMNS = {  # the per-row verdicts file: column → heading
    "excel_row": "Row",
    "raw": "Phone as written",
    "number": "Number",
    "verdict": "Verdict",
    "reason": "Reason",
    "duplicate_of": "Duplicate of row",
}


@dataclass(frozen=True, eq=False)
class Upload:
    filename: str
    data: bytes
    table: Table
    phone_column: str | None  # the detected one; the person may choose another

    def __post_init__(self) -> None:
        in_memory.note(self)  # counted while alive: the page must not keep it longer


@dataclass(frozen=True, eq=False)
class Checked:
    upload: Upload
    phone_column: str
    country: str | None  # ISO region (e.g. "IN") for numbers written without a country code
    verdicts: Verdicts
    # The sheet's placeholder columns, measured on first use and kept for every later message.
    parts: SheetParts = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", SheetParts(self.upload.table.frame))
        in_memory.note(self)


def load_upload(data: bytes, filename: str, sheet: str | None = None) -> Upload:
    """Read one sheet and find its phone column. By default the first visible sheet that
    has a phone column (a "Summary" sheet before the list is passed over), else the first."""
    table = read_table(data, filename, sheet)
    column = detect_phone_column(table)
    if sheet is None and column is None:
        for other in sheet_names(data, filename)[1:]:
            candidate = read_table(data, filename, other)
            found = detect_phone_column(candidate)
            if found is not None:
                return Upload(filename, data, candidate, found)
    return Upload(filename, data, table, column)


def check_upload(
    store: Store,
    upload: Upload,
    phone_column: str | None = None,
    country: str | None = None,
    include_other_countries: bool = False,
) -> Checked:
    """Give every row a verdict; numbers on the store's stop list are excluded. Numbers
    valid only under another country's code than ``country`` are sent only when
    ``include_other_countries``."""
    column = phone_column or upload.phone_column
    if column is None:
        raise SpreadsheetError("no_phone_column", sheet=upload.table.sheet)
    if column not in upload.table.columns:
        raise InvalidInputError(
            f"The sheet {upload.table.sheet!r} has no column called {column!r}. "
            f"Its columns are: {', '.join(upload.table.columns)}.",
            field="column",
            message_zh=f"工作表“{upload.table.sheet}”中没有名为“{column}”的列。",
        )
    region = check_country(country)
    verdicts = check_recipients(
        upload.table.frame[column],
        upload.table.excel_rows,
        region,
        stop_list.all_numbers(store),
        include_other_countries=include_other_countries,
    )
    return Checked(upload, column, region, verdicts)


def check_country(country: str | None) -> str | None:
    """ "in" → "IN"; None or "" → None; a code that is not a country → InvalidInputError."""
    region = (country or "").strip().upper()
    if not region:
        return None
    if not country_code_for_region(region):
        raise InvalidInputError(
            f"{country!r} is not a country code. Use the two-letter code of the country the "
            "numbers belong to, such as IN, GB or US.",
            field="country",
            message_zh=(
                f"“{country}”不是国家代码。请使用号码所属国家的两位字母代码，如 IN、GB 或 US。"
            ),
        )
    return region


def plan(
    checked: Checked,
    content: str,
    order_id_column: str | None = None,
    quiet: Rules | None = None,
) -> CampaignPlan:
    """Each sendable row's message, and the requests that will carry them (per quiet-hours
    rule, with ``quiet``: ``quiet_hours.rules.load(store)``)."""
    made = plan_campaign(
        checked.upload.table.frame,
        checked.verdicts.frame,
        content,
        order_id_column=order_id_column,
        quiet=quiet,
        parts=checked.parts,
    )
    in_memory.note(made)
    return made


def preview(checked: Checked, content: str, order_id_column: str | None = None) -> PlanPreview:
    """``plan``'s counts, problems and first messages, fast enough to follow every edit."""
    return preview_campaign(
        checked.upload.table.frame,
        checked.verdicts.frame,
        content,
        order_id_column=order_id_column,
        parts=checked.parts,
    )


def save_draft(
    store: Store,
    checked: Checked,
    plan: CampaignPlan,
    *,
    name: str,
    content: str,
    sender_id: str,
    user: str | None,
    template_id: int | None = None,
) -> int:
    """Store the campaign as a draft, with its source file; the same inputs reuse the draft."""
    upload = checked.upload
    name = limits.check_campaign_name(name) or upload.filename[: limits.CAMPAIGN_NAME_MAX_CHARS]
    sender_id = limits.check_sender_id(sender_id)
    digest = content_hash(upload.data)
    key = draft_key(
        digest,
        upload.table.sheet,
        checked.phone_column,
        checked.country,
        name,
        content,
        sender_id,
        user,
        _plan_fingerprint(plan),
    )
    return campaign_store.create_draft(
        store,
        plan,
        name=name,
        content=content,
        sender_id=sender_id,
        user=user,
        verdict_counts=_verdict_counts(checked),
        source_name=upload.filename,
        source_sheet=upload.table.sheet,
        source_hash=digest,
        source_bytes=upload.data,
        phone_column=checked.phone_column,
        header_row=upload.table.header_row,
        default_country=checked.country,
        key=key,
        template_id=template_id,
    )


def dry_run_summary(checked: Checked, plan: CampaignPlan | PlanPreview) -> dict[str, int]:
    """{"rows", "ok", "invalid", "duplicate", "excluded", "empty", "segments", "requests"}."""
    counts = _verdict_counts(checked)
    return {
        "rows": len(checked.verdicts.frame),
        **{v: counts[v] for v in VERDICTS},
        "segments": plan.segments,
        "requests": plan.requests,
    }


def verdict_table(checked: Checked) -> pd.DataFrame:
    """One row per sheet row, with plain headings, for the verdicts download."""
    frame = checked.verdicts.frame
    out = pd.DataFrame(
        {
            heading: frame[column].astype("str") if column != "excel_row" else frame[column]
            for column, heading in VERDICT_COLUMNS.items()
            if column != "duplicate_of"
        }
    )
    first = frame["duplicate_of"]
    out[VERDICT_COLUMNS["duplicate_of"]] = first.astype("object").where(first.notna(), None)
    return out


def problem_table(checked: Checked) -> pd.DataFrame:
    """The rows that will not be sent, in Excel row order, for the person to fix."""
    problems = checked.verdicts.problems()
    return pd.DataFrame(
        {
            "Row": problems["excel_row"],
            "Phone as written": problems["raw"].astype("str"),
            "Problem": problems["reason"].astype("str"),
            "问题": problems["reason_zh"].astype("str"),
        }
    )


def verdicts_file(checked: Checked, suffix: str) -> bytes:
    """The verdicts as ".xlsx" (text cells) or ".csv" (UTF-8 with BOM, formulas neutralised)."""
    table = verdict_table(checked)
    if suffix.lower() != ".csv":
        return frames_to_xlsx({"Verdicts": table})
    for heading in table.columns:
        if table[heading].dtype == "str":
            table[heading] = table[heading].map(neutralise_csv)
    text: str = table.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _verdict_counts(checked: Checked) -> dict[str, int]:
    counts = checked.verdicts.counts()
    return {v: int(counts.get(v, 0)) for v in VERDICTS}


def _plan_fingerprint(plan: CampaignPlan) -> str:
    """What will be sent: numbers, messages and, unless generated, order ids.

    Text columns are hashed as their joined text (pandas' per-value hash took 1.5 s for
    1,000,000 numbers, the join 0.2 s), integer columns as their bytes."""
    sendable = plan.sendable
    h = hashlib.sha256()
    _hash_texts(h, sendable["number"])
    for column in ("content_id", "request_seq"):
        h.update(sendable[column].to_numpy(dtype=np.int64).tobytes())
    for text in plan.contents:
        h.update(text.encode() + b"\x1f")
    if not _generated_order_ids(sendable):
        _hash_texts(h, sendable["order_id"])
    return h.hexdigest()


def _hash_texts(h: Any, values: pd.Series) -> None:
    texts = values.astype(str).tolist()
    h.update(str(len(texts)).encode() + b"\x1e" + "\x1f".join(texts).encode())


def _generated_order_ids(sendable: pd.DataFrame) -> bool:
    """True when the order ids are the plan's own ("<token>-<Excel row>"), new every plan."""
    if sendable.empty:
        return True
    ids = pa.array(sendable["order_id"].astype(str)).cast(pa.large_string())
    first = ids[0].as_py()
    if first is None:
        return False
    token = first.split("-", 1)[0]
    rows = pc.cast(pa.array(sendable["excel_row"].to_numpy(dtype=np.int64)), pa.large_string())
    expected = pc.binary_join_element_wise(
        pa.scalar(token, pa.large_string()), rows, pa.scalar("-", pa.large_string())
    )
    return bool(pc.all(pc.equal(ids, expected), skip_nulls=False).as_py())
