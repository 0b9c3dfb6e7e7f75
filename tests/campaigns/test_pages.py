"""The campaign pages under AppTest: upload → check → message → review → confirm."""

from __future__ import annotations

import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from itnio_core.campaigns import stop_list
from itnio_core.campaigns import store as cs
from itnio_core.store.engine import Store
from tests.paths import APP, script
from tests.waiting import APPTEST_TIMEOUT_S

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def clean_app(app_env: str) -> str:
    return app_env


def messy_workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Customers"
    ws["A1"] = "Customer list, November"
    ws.append([])
    ws.append(["Name", "Mobile", "City"])
    ws.append(["Ana", "+44 7911 123456", "London"])
    ws.append(["Bo", "07911 123457", "Leeds"])
    ws.append(["Cy", "+44 7911 123456", "York"])  # duplicate of row 4
    ws.append(["Di", "not a number", "Bath"])
    ws.append(["Ed", None, "Hull"])
    ws.append(["Fay", 447911123458, "Kent"])  # stored as a number by Excel
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def new_campaign() -> AppTest:
    page = script("views/campaigns/campaign_new.py")
    at = AppTest.from_file(page, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets["apptest"] = "no credentials"
    return at.run()


def uploaded(at: AppTest) -> AppTest:
    at.file_uploader(key="new_upload").upload("customers.xlsx", messy_workbook(), XLSX).run()
    return at


def test_upload_finds_the_phone_column_and_names_problem_rows_by_excel_row():
    at = uploaded(new_campaign())
    assert not at.exception
    assert at.selectbox(key="new_phone_column").value == "Mobile"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Ready to send"] == "2"  # rows 4 and 9; row 5 is national without a country
    assert metrics["Duplicates"] == "1" and metrics["Empty"] == "1"
    problems = at.dataframe[0].value
    assert 6 in set(problems["Row"])  # the duplicate, by the row Excel shows
    assert "row 4" in " ".join(problems["Problem"]).lower()


def test_choosing_a_country_fixes_national_numbers():
    at = uploaded(new_campaign())
    countries = at.selectbox(key="new_country")
    gb = next(i for i, label in enumerate(countries.options) if label.startswith("United Kingdom"))
    countries.set_value(gb).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Ready to send"] == "3"


def test_stop_list_excludes_at_import(clean_app):
    stop_list.add(Store(clean_app), ["447911123458"], user="t")
    at = uploaded(new_campaign())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["On the stop list"] == "1"


def test_message_counter_preview_and_lookalike_replacement():
    at = uploaded(new_campaign())
    at.text_area(key="new_content").input("Hi {Name} — don’t miss {City}!").run()
    text = " ".join(m.value for m in at.markdown)
    assert "UCS-2" in text
    assert any("UCS-2" in w.value for w in at.warning)
    at.button(key="new_replace_btn").click().run()
    assert at.text_area(key="new_content").value == "Hi {Name} - don't miss {City}!"
    assert "GSM-7" in " ".join(m.value for m in at.markdown)
    previews = [t.value for t in at.text]
    assert "Hi Ana - don't miss London!" in previews


def test_unknown_placeholder_is_a_clear_error():
    at = uploaded(new_campaign())
    at.text_area(key="new_content").input("Hi {Surname}").run()
    assert any("{Surname}" in e.value and "{Name}" in e.value for e in at.error)


def test_review_then_confirm_once_creates_a_single_queued_campaign(clean_app):
    at = uploaded(new_campaign())
    at.text_area(key="new_content").input("Hi {Name}").run()
    at.button(key="new_review_btn").click().run()
    assert not at.exception
    store = Store(clean_app)
    drafts = cs.list_campaigns(store, include_drafts=True)
    assert [c.status for c in drafts] == [cs.DRAFT]
    at.button(key="new_review_btn").click().run()  # a second click reuses the draft
    assert len(cs.list_campaigns(store, include_drafts=True)) == 1
    assert "Send to 2 now" in [b.label for b in at.button]
    at.button(key="new_send_btn").click().run()
    campaigns = cs.list_campaigns(store, include_drafts=True)
    assert len(campaigns) == 1 and campaigns[0].status != cs.DRAFT
    assert campaigns[0].recipients == 2 and campaigns[0].source_name == "customers.xlsx"


def test_big_campaigns_need_the_count_typed(clean_app, monkeypatch):
    monkeypatch.setenv("ITNIO_CONFIRM_THRESHOLD", "1")
    at = uploaded(new_campaign())
    at.text_area(key="new_content").input("Hi").run()
    at.button(key="new_review_btn").click().run()
    assert at.button(key="new_send_btn").disabled
    at.text_input(key="new_typed_count").input("3").run()
    assert at.button(key="new_send_btn").disabled
    assert any("not 2" in w.value for w in at.warning)
    at.text_input(key="new_typed_count").input("2").run()
    assert not at.button(key="new_send_btn").disabled


def test_campaigns_page_lists_and_shows_one(clean_app):
    at = uploaded(new_campaign())
    at.text_area(key="new_content").input("Hi {Name}").run()
    at.button(key="new_review_btn").click().run()
    at.button(key="new_send_btn").click().run()
    cid = cs.list_campaigns(Store(clean_app))[0].id
    page = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    page.secrets["apptest"] = "no credentials"
    page.switch_page("views/campaigns/campaigns.py").run()
    assert not page.exception
    assert "#1" in page.dataframe[0].value["Campaign"].iloc[0]
    page.query_params["id"] = str(cid)
    page.run()
    assert not page.exception
    assert page.title[0].value.startswith(f"#{cid}")
    labels = [m.label for m in page.metric]
    assert "Accepted by the platform" in labels and "Unknown" in labels


def test_bad_file_is_one_clear_message():
    at = new_campaign()
    at.file_uploader(key="new_upload").upload("list.xlsx", b"\x00garbage" * 100, XLSX).run()
    assert not at.exception
    assert len(at.error) == 1 and "xlsx" in at.error[0].value.lower()
