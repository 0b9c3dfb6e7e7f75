"""Prices (administrators): the price list per destination, a vendor's price sheet uploaded
with a verdict per row, one row edited or removed, and the prices learned from real charges.

Every change is in the audit log. The work is done by ``itnio_core.money``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from itnio_core import money
from itnio_core.common import ItnioError
from itnio_core.console import Console
from itnio_core.phones import calling_code_of, country_label
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui import upload as _upload
from views._ui.i18n import N_, is_chinese, lang, num, tr

VERDICT_WORDS = {
    "ok": N_("Ready to import"),
    "invalid": N_("Invalid"),
    "duplicate": N_("Duplicate"),
    "empty": N_("Empty"),
}


def render() -> None:
    console = _shared.get_console()
    st.title(tr("Prices"))
    st.markdown(
        tr(
            "The price of one message part per destination, used to estimate every campaign "
            "before it is confirmed. Every change is recorded in the audit log."
        )
    )
    message = st.session_state.pop(_state.PRICES_MESSAGE, None)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.error)(text)
    _price_list(console)
    _edit(console)
    _upload_sheet(console)
    _learned(console)


def _price_list(console: Console) -> None:
    rows = money.list_prices(console.store)
    st.subheader(tr("Price list"))
    if not rows:
        st.info(
            tr(
                "The price list is empty: upload your vendor's price sheet below, or add a "
                "price by hand."
            ),
            icon=":material/sell:",
        )
        return
    zone = _shared.viewer_timezone()
    code = "zh" if is_chinese() else "en"
    table = pd.DataFrame(
        {
            tr("Code or prefix"): [f"+{r.prefix}" for r in rows],
            tr("Operator (MCC-MNC)"): [r.operator or "—" for r in rows],
            tr("Country"): [r.country or country_label(_cc(r.prefix), code) for r in rows],
            tr("Price per part"): [str(r.price) for r in rows],
            tr("Currency"): [r.currency for r in rows],
            tr("Changed"): [
                _shared.format_time(r.updated_at, zone) if r.updated_at else "—" for r in rows
            ],
            tr("By"): [r.updated_by or "—" for r in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key=_state.PRICES_TABLE)
    st.caption(tr("{count} prices.", count=num(len(rows))))


def _cc(prefix: str) -> int | None:
    return calling_code_of(prefix + "0" * 8)


def _edit(console: Console) -> None:
    st.subheader(tr("Add or change one price"))
    with st.form(_state.PRICES_EDIT_FORM, border=True):
        a, b, c, d, e = st.columns([2, 2, 3, 2, 1])
        a.text_input(tr("Code or prefix"), key=_state.PRICES_EDIT_PREFIX, placeholder="91")
        b.text_input(
            tr("Operator (MCC-MNC)"), key=_state.PRICES_EDIT_OPERATOR, placeholder=tr("all")
        )
        c.text_input(tr("Country"), key=_state.PRICES_EDIT_COUNTRY, placeholder=tr("India"))
        d.text_input(tr("Price per part"), key=_state.PRICES_EDIT_PRICE, placeholder="0.0045")
        e.text_input(
            tr("Currency"),
            key=_state.PRICES_EDIT_CURRENCY,
            value=money.list_currency(console.store),
        )
        st.form_submit_button(tr("Save the price"), type="primary", on_click=_save_one)
    rows = money.list_prices(console.store)
    if rows:
        left, right = st.columns([3, 1])
        left.selectbox(
            tr("Remove a price"),
            [None, *[(r.prefix, r.operator) for r in rows]],
            format_func=lambda k: "—" if k is None else f"+{k[0]} {k[1]}".strip(),
            key=_state.PRICES_DELETE,
        )
        right.button(
            tr("Remove"), key=_state.PRICES_DELETE_BTN, icon=":material/delete:", on_click=_delete
        )


def _save_one() -> None:
    console = _shared.get_console()
    get = st.session_state.get
    try:
        row = money.Price(
            money.prices.check_prefix(get(_state.PRICES_EDIT_PREFIX, "")),
            money.prices.check_operator(get(_state.PRICES_EDIT_OPERATOR, "")),
            str(get(_state.PRICES_EDIT_COUNTRY, "") or "").strip(),
            money.prices.parse_price(get(_state.PRICES_EDIT_PRICE, "")),
            money.prices.check_currency(get(_state.PRICES_EDIT_CURRENCY, "")),
        )
        changed = money.set_price(console.store, row, user=_shared.current_user())
    except ItnioError as exc:
        st.session_state[_state.PRICES_MESSAGE] = ("error", exc.message_for(lang()))
        return
    text = (
        tr("Saved the price for +{prefix}.", prefix=row.prefix)
        if changed
        else tr("Nothing changed.")
    )
    st.session_state[_state.PRICES_MESSAGE] = ("ok", text)


def _delete() -> None:
    key = st.session_state.get(_state.PRICES_DELETE)
    if not key:
        return
    money.delete_price(_shared.get_console().store, key[0], key[1], user=_shared.current_user())
    st.session_state[_state.PRICES_MESSAGE] = (
        "ok",
        tr("Removed the price for +{prefix}.", prefix=key[0]),
    )


def _upload_sheet(console: Console) -> None:
    st.subheader(tr("Upload a vendor's price sheet"))
    st.caption(
        tr(
            "An .xlsx or .csv with a country or code column and a price column; a "
            "currency and MCC/MNC columns are read when there."
        )
    )
    loaded = _upload.read(tr("Price sheet"), _state.PRICES_UPLOAD, _state.PRICES_SHEET)
    if loaded is None:
        return
    try:
        sheet = money.sheet.check_table(loaded[0].table)
    except ItnioError as exc:
        st.error(exc.message_for(lang()), icon=":material/error:")
        return
    counts = sheet.counts()
    cells = st.columns(4)
    for cell, (verdict, label) in zip(cells, VERDICT_WORDS.items(), strict=True):
        cell.metric(_shared.translated(label), num(counts[verdict]), border=True)
    found = ", ".join(f"{role} = “{column}”" for role, column in sheet.columns.items())
    st.caption(tr("Columns found: {columns}", columns=found))
    reason = "reason_zh" if is_chinese() else "reason"
    shown = sheet.rows.assign(
        verdict=sheet.rows["verdict"].map(lambda v: _shared.translated(VERDICT_WORDS[v]))
    )[["excel_row", "country", "prefix", "operator", "price", "currency", "verdict", reason]]
    st.dataframe(
        shown.rename(
            columns={
                "excel_row": tr("Row"),
                "country": tr("Country"),
                "prefix": tr("Code or prefix"),
                "operator": tr("Operator"),
                "price": tr("Price per part"),
                "currency": tr("Currency"),
                "verdict": tr("Check"),
                reason: tr("Reason"),
            }
        ),
        hide_index=True,
        width="stretch",
        key=_state.PRICES_VERDICTS_TABLE,
    )
    st.button(
        tr("Import the {count} ready rows", count=num(counts["ok"])),
        key=_state.PRICES_IMPORT_BTN,
        type="primary",
        icon=":material/upload:",
        disabled=counts["ok"] == 0,
        on_click=_import,
        args=(sheet,),
    )


def _import(sheet: money.sheet.PriceSheet) -> None:
    console = _shared.get_console()
    try:
        changed = money.sheet.import_sheet(console.store, sheet, user=_shared.current_user())
    except ItnioError as exc:
        st.session_state[_state.PRICES_MESSAGE] = ("error", exc.message_for(lang()))
        return
    st.session_state[_state.PRICES_MESSAGE] = (
        "ok",
        tr("Imported: {count} prices added or changed.", count=num(changed)),
    )


def _learned(console: Console) -> None:
    seen = money.learned.learned(console.store)
    st.subheader(tr("Prices learned from real charges"))
    st.caption(
        tr(
            "The last price the platform charged per country (OTP records, delivery "
            "receipts). A campaign's estimate uses it for a country the list lacks."
        )
    )
    if not seen:
        st.caption(tr("None yet."))
        return
    zone = _shared.viewer_timezone()
    code = "zh" if is_chinese() else "en"
    st.dataframe(
        pd.DataFrame(
            {
                tr("Country"): [country_label(c, code) for c in seen],
                tr("Price per part"): [str(s.price) for s in seen.values()],
                tr("Currency"): [s.currency for s in seen.values()],
                tr("Charged"): [_shared.format_time(s.observed_at, zone) for s in seen.values()],
            }
        ),
        hide_index=True,
        width="stretch",
    )


if __name__ == "__main__":
    render()
