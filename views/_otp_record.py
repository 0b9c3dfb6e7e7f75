"""One OTP record on screen: the verdict, the verification, a timeline, every attempt."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from itnio_core import otp_records
from itnio_core.models import OtpRecord

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
    words = otp_records.matched_words(matched)
    meaning = otp_records.MATCHED_MEANING.get(matched, "") if matched is not None else ""
    kind = MATCHED_ALERT.get(matched, "warning") if matched is not None else "warning"
    getattr(st, kind)(
        f"**{words}.** {meaning}", icon=":material/verified:" if matched == 0 else None
    )


def details(rec: OtpRecord, zone: otp_records.Zone) -> None:
    """Every documented field, with times in the person's zone."""
    st.subheader("Verification")
    _fields(otp_records.verification_fields(rec, zone), columns=3)
    st.subheader("Timeline")
    _timeline(rec, zone)
    _attempts("SMS", "sms", [otp_records.sms_fields(a, zone) for a in rec.sms])
    _attempts("Calls", "call", [otp_records.call_fields(a, zone) for a in rec.call])
    _attempts("SNA checks", "sna", [otp_records.sna_fields(a, zone) for a in rec.sna])
    with st.expander("The platform's answer, as sent"):
        st.code(json.dumps(dict(rec.raw), ensure_ascii=False, indent=2), language="json")


def _fields(items: list[tuple[str, str]], columns: int = 2) -> None:
    cols = st.columns(columns)
    for i, (label, value) in enumerate(items):
        cols[i % columns].markdown(f"**{label}**  \n{value}")


def _timeline(rec: OtpRecord, zone: otp_records.Zone) -> None:
    events = otp_records.timeline(rec)
    if not events:
        st.caption("No attempt has a time yet.")
        return
    rows = [
        {"When": zone.time(e.raw_time) if e.at else f"{e.raw_time} (unreadable)", "What": e.text}
        for e in events
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _attempts(title: str, kind: str, attempts: list[list[tuple[str, str]]]) -> None:
    st.subheader(title)
    note = otp_records.empty_note(kind, attempts)
    if note:
        st.caption(note)
        return
    for n, fields in enumerate(attempts, 1):
        with st.container(border=True):
            if len(attempts) > 1:
                st.markdown(f"**Attempt {n}**")
            _fields(fields, columns=4)
