"""The money on the pages, under AppTest: the review's estimate and balance guard (blocked,
then the admin's exception), the Prices page (a sheet with verdicts, one row edited) and the
Spend page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from itnio_core.access import audit
from itnio_core.campaigns import store as cs
from itnio_core.money import list_prices
from itnio_core.money.prices import Price, set_price
from itnio_core.store.engine import Store
from tests.campaigns.test_pages import XLSX, messy_workbook
from tests.paths import APP
from tests.waiting import APPTEST_TIMEOUT_S


@pytest.fixture(autouse=True)
def clean_app(app_env: str) -> str:
    return app_env


def page(path: str) -> AppTest:
    """The page inside the whole app (sign-in, roles: with no users, sandbox mode is an
    admin), as a person opens it."""
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets["apptest"] = "no credentials"
    at.switch_page(path)
    return at.run()


def reviewed(content: str = "Hi {Name}") -> AppTest:
    at = page("views/campaigns/campaign_new.py")
    at.file_uploader(key="new_upload").upload("customers.xlsx", messy_workbook(), XLSX).run()
    at.text_area(key="new_content").input(content).run()
    at.button(key="new_review_btn").click().run()
    assert not at.exception
    return at


def test_the_review_blocks_over_the_balance_and_an_admin_may_allow_it(clean_app, app_sandbox):
    store = Store(clean_app)
    set_price(store, Price("44", "", "UK", Decimal("0.01"), "USD"), user="ada")
    app_sandbox.simulator.top_up({"balance": "0.015"})  # two recipients cost 0.02
    at = reviewed()
    (table,) = [d.value for d in at.dataframe if "Cost (USD)" in d.value.columns]
    assert table.iloc[0].to_dict()["Cost (USD)"] == "0.02"
    assert any("Estimated total: 0.02 USD" in m.value for m in at.markdown)
    assert any("It is 0.005 USD short" in e.value for e in at.error)
    assert at.button(key="new_send_btn").disabled
    at.checkbox(key="new_until_out").check().run()  # no sign-in in sandbox: an admin
    assert not at.button(key="new_send_btn").disabled
    at.button(key="new_send_btn").click().run()
    (campaign,) = cs.list_campaigns(store)
    assert campaign.until_balance_out and campaign.estimated_cost == "0.02"
    assert len(audit.entries(store, actions=[audit.BALANCE_OVERRIDE])) == 1
    store.close()


def test_the_review_names_countries_without_a_price_and_explains_parts(app_sandbox):
    at = reviewed("Hi {Name}, 5€ off: {City}")
    text = " ".join(m.value for m in at.markdown)
    assert "Estimated total: at least 0.00 USD" in text
    assert any("United Kingdom (+44)" in w.value and "lower bound" in w.value for w in at.warning)
    assert "2 messages of 1 part." in text
    assert "count double in GSM-7: `€`" in text
    assert any("covers this campaign" in s.value for s in at.success)


def test_the_counter_never_counts_a_placeholder_name_and_sums_up_chinese():
    at = page("views/campaigns/campaign_new.py")
    at.file_uploader(key="new_upload").upload("customers.xlsx", messy_workbook(), XLSX).run()
    at.text_area(key="new_content").input("Hi {Name}").run()
    assert any("**3** characters" in m.value for m in at.markdown)  # "Hi " only
    at.text_area(key="new_content").input("您好 {Name}，欢迎").run()
    assert any("Chinese text: up to 70 characters per part." in i.value for i in at.info)
    assert not any("您" in w.value for w in at.warning)  # not listed character by character


def test_prices_page_imports_a_sheet_with_verdicts_and_edits_one_row(clean_app):
    at = page("views/settings/prices.py")
    sheet = b"Country,Code,Price\nIndia,91,0.005\nNowhere,,0.01\n"
    at.file_uploader(key="prices_upload").upload("vendor.csv", sheet, "text/csv").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert not at.error, [e.value for e in at.error]
    assert (metrics["Ready to import"], metrics["Invalid"]) == ("1", "1")
    at.button(key="prices_import_btn").click().run()
    assert any("1 prices added or changed" in s.value for s in at.success)
    at.text_input(key="prices_edit_prefix").input("+44")
    at.text_input(key="prices_edit_price").input("0.035")
    at.button[[b.label for b in at.button].index("Save the price")].click().run()
    assert not at.exception
    store = Store(clean_app)
    assert {(p.prefix, p.price) for p in list_prices(store)} == {
        ("91", Decimal("0.005")),
        ("44", Decimal("0.035")),
    }
    assert len(audit.entries(store, actions=[audit.PRICE_CHANGE])) == 2
    store.close()


def test_spend_page_adds_up_confirmed_campaigns(clean_app):
    store = Store(clean_app)
    set_price(store, Price("44", "", "UK", Decimal("0.01"), "USD"), user="ada")
    store.close()
    at = reviewed()
    at.button(key="new_send_btn").click().run()
    spend = page("views/settings/spend.py")
    assert not spend.exception
    by_day = spend.dataframe[0].value
    assert by_day["Estimated cost"].tolist() == [0.02]
