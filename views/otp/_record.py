"""One OTP record on screen: the verdict, the verification, a timeline, every attempt."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from itnio_core.api import OtpRecord
from itnio_core.otp import records as otp_records
from views._ui.i18n import lang, tr

MATCHED_ALERT = {
    otp_records.VERIFIED: "success",
    otp_records.NOT_CHECKED: "info",
    otp_records.SENDING: "info",
    otp_records.FAILED: "error",
    otp_records.UNKNOWN_ID: "warning",
}


def verdict(rec: OtpRecord) -> None:
    """The result in words, coloured: green verified, blue waiting, red failed."""
    matched = rec.verification.matched
    words = otp_records.matched_words(matched, lang())
    meaning = otp_records.matched_meaning(matched, lang())
    kind = MATCHED_ALERT.get(matched, "warning") if matched is not None else "warning"
    getattr(st, kind)(
        f"#### {otp_records.headline(rec, lang())}\n\n"
        + tr("**{result}.** {meaning}", result=words, meaning=meaning),
        icon=":material/verified:" if matched == 0 else None,
    )


def details(rec: OtpRecord, zone: otp_records.Zone) -> None:
    """Every documented field, with times in the person's zone and language."""
    st.subheader(tr("Verification"))
    _fields(otp_records.verification_fields(rec, zone), columns=3)
    st.subheader(tr("Timeline"))
    _timeline(rec, zone)
    _attempts(tr("SMS"), "sms", [otp_records.sms_fields(a, zone) for a in rec.sms])
    _attempts(tr("Calls"), "call", [otp_records.call_fields(a, zone) for a in rec.call])
    _attempts(tr("SNA checks"), "sna", [otp_records.sna_fields(a, zone) for a in rec.sna])
    with st.expander(tr("The platform's answer, as sent")):
        st.code(json.dumps(dict(rec.raw), ensure_ascii=False, indent=2), language="json")


def _fields(items: list[tuple[str, str]], columns: int = 2) -> None:
    cols = st.columns(columns)
    for i, (label, value) in enumerate(items):
        cols[i % columns].markdown(f"**{label}**  \n{value}")


def _timeline(rec: OtpRecord, zone: otp_records.Zone) -> None:
    events = otp_records.timeline(rec, zone.lang)
    if not events:
        st.caption(tr("No attempt has a time yet."))
        return
    rows = [
        {
            tr("When"): zone.time(e.raw_time)
            if e.at
            else tr("{time} (unreadable)", time=e.raw_time),
            tr("What"): e.text,
        }
        for e in events
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _attempts(title: str, kind: str, attempts: list[list[tuple[str, str]]]) -> None:
    st.subheader(title)
    note = otp_records.empty_note(kind, attempts, lang())
    if note:
        st.caption(note)
        return
    for n, fields in enumerate(attempts, 1):
        with st.container(border=True):
            if len(attempts) > 1:
                st.markdown(tr("**Attempt {n}**", n=n))
            _fields(fields, columns=4)
