import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from itnio_core.campaigns import flow as campaign_flow
from itnio_core.campaigns import stop_list
from itnio_core.sheets import read as spreadsheets
from itnio_core.store.engine import Store
from tests.paths import APP
from tests.waiting import APPTEST_TIMEOUT_S


def test_add_remove_search(store):
    assert stop_list.add(store, ["447700900001", "447700900002", ""], user="ana", note="STOP") == 2
    assert stop_list.add(store, ["447700900001", "447700900003"], user="bo") == 1
    assert stop_list.count(store) == 3
    assert stop_list.numbers_in(store, ["447700900001", "1"]) == {"447700900001"}
    assert [e.number for e in stop_list.entries(store, search="0003")] == ["447700900003"]
    entry = stop_list.entries(store, search="0001")[0]
    assert entry.added_by == "ana" and entry.note == "STOP" and entry.added_at.tzinfo
    assert stop_list.remove(store, ["447700900001"]) == 1
    assert stop_list.all_numbers(store) == {"447700900002", "447700900003"}


def test_lookup_of_many_numbers_is_sliced(store):
    stop_list.add(store, [str(i) for i in range(5000)], user=None)
    assert len(stop_list.numbers_in(store, [str(i) for i in range(0, 10000, 2)])) == 2500


def test_numbers_that_cannot_be_added_say_why_in_both_languages(store):
    result = stop_list.add_text(store, "+44 7911 123456\nabc", country=None, user=None)
    assert result.added == 1
    [(line, raw, reason, reason_zh)] = result.problems
    assert (line, raw) == (2, "abc") and reason and reason_zh and reason != reason_zh


def test_an_opt_out_valid_only_in_another_country_is_still_added(store):
    result = stop_list.add_text(store, "98765 43210\n447400123456", country="IN", user=None)
    assert (result.added, result.problems) == (2, [])
    assert stop_list.all_numbers(store) == {"919876543210", "447400123456"}


# ------------------------------------------------------------------ the page, under AppTest
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def app_store(app_env: str) -> Store:
    return Store(app_env)  # app_env: no parsed upload left over from another test


def stop_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets["apptest"] = "no credentials"
    at.run()
    at.switch_page("views/campaigns/stop_list.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


OPTED_OUT = [["Name", "Phone"], ["Ana", "+44 7911 123456"], ["Bo", "+91 98765 43210"]]


def upload(at: AppTest, data: bytes, name: str = "opt-outs.xlsx") -> AppTest:
    at.file_uploader(key="stop_upload").upload(name, data, XLSX).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def widget_keys(at: AppTest) -> set[str]:
    return {w.key for w in at.selectbox} | {w.key for w in at.button}


def test_an_empty_first_sheet_can_be_passed_over_with_the_sheet_picker(app_store):
    at = upload(stop_page(), workbook({"Cover": [], "Opted out": OPTED_OUT}))
    (error,) = at.error  # the first sheet is empty: said once, with the sheet to pick
    assert str(error.value).startswith('The sheet "Cover"') and "Opted out" in str(error.value)
    assert at.selectbox(key="stop_sheet").options == ["Cover", "Opted out"]
    assert "stop_import_btn" not in widget_keys(at)

    at.selectbox(key="stop_sheet").set_value("Opted out").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="stop_column").value == "Phone"
    assert "sheet “Opted out”, 2 rows, headers on row 1" in " ".join(c.value for c in at.caption)
    at.button(key="stop_import_btn").click().run()
    assert stop_list.all_numbers(app_store) == {"447911123456", "919876543210"}
    assert at.success[0].value == "Added 2 numbers."


def test_a_one_sheet_file_has_no_sheet_picker(app_store):
    at = upload(stop_page(), workbook({"Opted out": OPTED_OUT}))
    assert not at.error
    assert "stop_sheet" not in widget_keys(at)
    assert at.selectbox(key="stop_column").value == "Phone"


def test_when_no_column_looks_like_phones_the_person_picks_it(app_store):
    rows = [["Name", "Reference"], ["Ana", "+44 7911 123456"], ["Bo", "unknown"], ["Cy", "n/a"]]
    at = upload(stop_page(), workbook({"Sheet1": rows}))
    assert not at.error
    assert at.selectbox(key="stop_column").value is None
    assert any("Choose the column" in w.value for w in at.warning)
    assert "stop_import_btn" not in widget_keys(at)  # nothing to import from yet

    at.selectbox(key="stop_column").set_value("Reference").run()
    at.button(key="stop_import_btn").click().run()
    assert not at.exception
    assert stop_list.all_numbers(app_store) == {"447911123456"}
    message = at.warning[0].value
    assert message.startswith("Added 1 numbers.") and "row 3 (unknown)" in message


def test_a_wrongly_found_column_can_be_changed(app_store):
    rows = [["Phone", "Mobile"], ["+44 7911 123456", "+91 98765 43210"]]
    at = upload(stop_page(), workbook({"Sheet1": rows}))
    assert at.selectbox(key="stop_column").value == "Phone"
    at.selectbox(key="stop_column").set_value("Mobile").run()
    at.button(key="stop_import_btn").click().run()
    assert stop_list.all_numbers(app_store) == {"919876543210"}


def test_reruns_do_not_read_or_hash_the_upload_again(app_store, monkeypatch):
    calls = {"load": 0, "sheets": 0, "hash": 0}

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(campaign_flow, "load_upload", counted("load", campaign_flow.load_upload))
    monkeypatch.setattr(spreadsheets, "sheet_names", counted("sheets", spreadsheets.sheet_names))
    monkeypatch.setattr(spreadsheets, "content_hash", counted("hash", spreadsheets.content_hash))
    at = upload(stop_page(), workbook({"Cover": [["Read me"]], "Opted out": OPTED_OUT}))
    assert calls == {"load": 1, "sheets": 1, "hash": 1}

    at.text_input(key="stop_search").input("7911").run()  # reruns that change nothing upstream
    at.text_input(key="stop_note").input("replied STOP").run()
    at.run()
    assert not at.exception
    assert calls == {"load": 1, "sheets": 1, "hash": 1}

    # "Cover" was read first (the default) and has nothing to import: the list is chosen
    at.selectbox(key="stop_sheet").set_value("Opted out").run()  # another sheet: read once
    at.run()
    assert calls == {"load": 2, "sheets": 1, "hash": 1}
    at.selectbox(key="stop_sheet").set_value("Cover").run()  # and back: read again, as one
    at.selectbox(key="stop_sheet").set_value("Opted out").run()  # sheet is held at a time
    assert calls == {"load": 4, "sheets": 1, "hash": 1}
    at.button(key="stop_import_btn").click().run()
    assert calls == {"load": 4, "sheets": 1, "hash": 1}
    assert stop_list.count(app_store) == 2
