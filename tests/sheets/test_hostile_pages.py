"""Every upload on every page, fed every hostile file (issue 6 §5), under AppTest.

A page never shows a traceback: a broken file gets one error, the one the core
gives for it (``tests/sheets/test_hostile_files.py`` checks those words), and a
readable file shows its list. The big files go through one page each; the
core tests read them all.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from itnio_core.campaigns import flow as campaign_flow
from itnio_core.common.errors import InvalidInputError
from itnio_core.reports import input as report_input
from tests.fixtures.hostile import BY_KEY, CASES, Case
from tests.paths import APP
from tests.waiting import APPTEST_TIMEOUT_S

LIBRARY_WORDS = ("Traceback", "Exception", "zipfile", "fastexcel", "calamine", "Errno")

# page: (view, uploader key, button pressed after the upload)
PAGES = {
    "new_campaign": ("views/campaigns/campaign_new.py", "new_upload", None),
    "stop_list": ("views/campaigns/stop_list.py", "stop_upload", None),
    "reports": ("views/reports/reports.py", "report_upload", "report_upload_btn"),
    "otp_lookup": ("views/otp/otp_inspect.py", "otp_bulk_upload", None),
    "conversions": ("views/conversions/conversions.py", "conv_upload", None),
}
SMALL = [case for case in CASES if not case.big]
BIG_ON = {  # a big file goes through one page: the one it is most likely to meet
    "excel_max_rows": "new_campaign",
    "at_limit_50mb": "stop_list",
    "over_limit_50mb": "conversions",
}
RUNS = [(page, case) for page in PAGES for case in SMALL] + [
    (page, BY_KEY[key]) for key, page in BIG_ON.items()
]


@pytest.fixture(autouse=True)
def clean_app(app_env: str) -> str:
    return app_env


def open_page(view: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets["apptest"] = "no credentials"
    at.run()
    at.switch_page(view).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def expected_error(page: str, case: Case, data: bytes) -> str | None:
    """What the core says about this file on this page, or None when it reads it."""
    try:
        if page == "reports":
            report_input.ids_from_file(data, case.filename)
        else:
            campaign_flow.load_upload(data, case.filename)
    except InvalidInputError as exc:
        return exc.user_message
    return None


def rows_read(case: Case, data: bytes) -> int:
    return len(campaign_flow.load_upload(data, case.filename).table.frame)


@pytest.mark.parametrize(
    ("page_name", "case"), RUNS, ids=[f"{page}-{case.key}" for page, case in RUNS]
)
def test_a_hostile_upload_gets_a_clear_answer(page_name, case, hostile_files):
    page = page_name
    data = hostile_files(case.key)
    view, upload_key, button = PAGES[page]
    at = open_page(view)
    at.file_uploader(key=upload_key).upload(case.filename, data, case.mime).run()
    if button:
        at.button(key=button).click().run()
    assert not at.exception, [e.message for e in at.exception]
    errors = [str(e.value) for e in at.error]
    for text in errors:
        assert not any(word in text for word in LIBRARY_WORDS), text
    expected = expected_error(page, case, data)
    if expected is not None:
        assert errors == [expected]
        return
    assert errors == []
    captions = " ".join(str(c.value) for c in at.caption)
    if page in {"new_campaign", "stop_list", "otp_lookup", "conversions"}:
        assert f"{rows_read(case, data):,} rows" in captions


def test_readable_lists_reach_the_verdicts_on_new_campaign(hostile_files):
    """The phone column is found in each readable file, and rows get verdicts."""
    for key in ("merged", "formulas", "hidden_sheets", "gbk_bom_csv", "risky_cells_xlsx"):
        case = BY_KEY[key]
        at = open_page("views/campaigns/campaign_new.py")
        at.file_uploader(key="new_upload").upload(case.filename, hostile_files(key), case.mime)
        at.run()
        assert not at.exception and not at.error, key
        assert at.selectbox(key="new_phone_column").value in {"Phone", "手机号"}, key
        metrics = {m.label: m.value for m in at.metric}
        assert int(metrics["Ready to send"]) >= 2, (key, metrics)


def test_a_hidden_sheet_can_be_picked_on_new_campaign(hostile_files):
    case = BY_KEY["only_hidden_has_data"]
    at = open_page("views/campaigns/campaign_new.py")
    at.file_uploader(key="new_upload").upload(case.filename, hostile_files(case.key), case.mime)
    at.run()
    (error,) = at.error
    assert str(error.value).startswith('The sheet "Cover"') and "Data" in str(error.value)
    at.selectbox(key="new_sheet").set_value("Data").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="new_phone_column").value == "Phone"
