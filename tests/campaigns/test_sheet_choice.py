"""A workbook whose first sheet is a summary without phone numbers opens on the list."""

from __future__ import annotations

import io

import openpyxl
import pytest

from itnio_core.campaigns import flow as campaign_flow
from tests.campaigns.test_pages import XLSX, new_campaign


def two_sheets() -> bytes:
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "Summary"
    summary.append(["Campaign", "Diwali"])
    summary.append(["Rows", 2])
    contacts = wb.create_sheet("Contacts")
    contacts.append(["Name", "Mobile"])
    contacts.append(["Asha", "+91 98765 43210"])
    contacts.append(["Ravi", "+91 98765 43211"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_sheet_with_phone_numbers_is_read_by_default():
    upload = campaign_flow.load_upload(two_sheets(), "list.xlsx")
    assert (upload.table.sheet, upload.phone_column) == ("Contacts", "Mobile")
    chosen = campaign_flow.load_upload(two_sheets(), "list.xlsx", "Summary")
    assert (chosen.table.sheet, chosen.phone_column) == ("Summary", None)


@pytest.mark.usefixtures("app_env")
def test_new_campaign_opens_on_the_sheet_with_phone_numbers():
    at = new_campaign()
    at.file_uploader(key="new_upload").upload("list.xlsx", two_sheets(), XLSX).run()
    assert not at.exception
    assert at.selectbox(key="new_sheet").value == "Contacts"
    assert at.selectbox(key="new_phone_column").value == "Mobile"
    assert {m.label: m.value for m in at.metric}["Ready to send"] == "2"
    at.selectbox(key="new_sheet").set_value("Summary").run()
    assert at.selectbox(key="new_sheet").value == "Summary"
    assert not at.metric  # no phone column there: the person is asked to choose one
