"""Actual cost: what delivery receipts said a campaign's messages cost, beside the estimate
on the Spend figures, the results workbook and the report .xlsx (both databases)."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from decimal import Decimal

import openpyxl
import pytest
import sqlalchemy as sa

from itnio_core import money
from itnio_core.campaigns import campaign_workbook
from itnio_core.money import spend
from itnio_core.reports import files as report_files
from itnio_core.reports.target import Target
from itnio_core.sandbox import RunningSandbox
from itnio_core.store import Store, delivery_status, recipients
from tests.reports.test_fetch import Clock, clocked_sandbox, send_campaign


@pytest.fixture
def sb() -> Iterator[RunningSandbox]:
    with clocked_sandbox(Clock()) as running:
        yield running


def price(store: Store, campaign_id: int, number: str, pay: str) -> str:
    """A priced delivery receipt for one recipient, as the receiver stores it."""
    with store.engine.begin() as conn:
        msg_id = conn.execute(
            sa.select(recipients.c.msg_id).where(
                recipients.c.campaign_id == campaign_id, recipients.c.number == number
            )
        ).scalar_one()
        now = time.time()
        conn.execute(
            delivery_status.insert().values(
                msg_id=msg_id, number=number, calling_code=44, status=0, receive_time="",
                first_seen_at=now, checked_at=now, changed_at=now, pay=Decimal(pay),
                currency="USD", receipt_ms=int(now * 1000), received_at=now,
            )
        )  # fmt: skip
    return str(msg_id)


def sheet_rows(data: bytes, name: str) -> list[list[object]]:
    ws = openpyxl.load_workbook(io.BytesIO(data))[name]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_the_actual_cost_is_shown_where_the_platform_reported_it(store, sb) -> None:
    cid = send_campaign(store, sb)
    assert money.actual_costs(store, [cid]) == {}
    price(store, cid, "447911123456", "0.0045")
    price(store, cid, "447911123459", "0.0050")
    assert money.actual_costs(store, [cid]) == {cid: {"USD": Decimal("0.0095")}}
    assert money.actual_text({"USD": Decimal("0.0095")}) == "0.0095 USD"
    rows = spend.spend_rows(store)
    assert rows["actual_cost"].tolist() == [pytest.approx(0.0095)]
    by_day = spend.spend_by(rows, "day")
    assert by_day["actual_cost"].tolist() == [pytest.approx(0.0095)]

    results = sheet_rows(campaign_workbook(store, cid), "Customers")
    heading = results[0]
    cost_col = heading.index("Cost")
    assert [r[cost_col] for r in results[1:4]] == ["0.0045 USD", "0.005 USD", None]
    summary = dict((r[0], r[1]) for r in sheet_rows(campaign_workbook(store, cid), "ITNIO summary"))
    assert summary["Actual cost (delivery receipts)"] == "0.0095 USD"

    detail = sheet_rows(report_files.xlsx_bytes(store, Target("campaign", cid)), "All messages")
    cost_col = detail[0].index("Cost")
    assert [r[cost_col] for r in detail[1:]] == ["0.0045 USD", "0.005 USD", None]
    text = report_files.csv_bytes(store, Target("campaign", cid)).decode("utf-8-sig")
    assert "Cost" not in text.splitlines()[0]  # the .csv keeps its columns


def test_a_report_without_prices_has_no_cost_column(store, sb) -> None:
    cid = send_campaign(store, sb)
    detail = sheet_rows(report_files.xlsx_bytes(store, Target("campaign", cid)), "All messages")
    assert "Cost" not in detail[0]
    assert spend.spend_rows(store)["actual_cost"].isna().all()


def test_the_pages_show_the_actual_cost_beside_the_estimate(app_env) -> None:
    from streamlit.testing.v1 import AppTest

    from itnio_core.campaigns import store as cs
    from itnio_core.console.wiring import shared_sandbox
    from tests.paths import APP
    from tests.waiting import APPTEST_TIMEOUT_S

    store = Store(app_env)
    cid = send_campaign(store, shared_sandbox())
    with store.engine.begin() as conn:  # as confirming with an estimate records it
        conn.execute(
            cs.campaigns.update()
            .where(cs.campaigns.c.id == cid)
            .values(estimated_cost="0.02", cost_currency="USD")
        )
    price(store, cid, "447911123456", "0.0045")

    def page(path: str, **query: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
        at.secrets["apptest"] = "no credentials"
        at.switch_page(path)
        for key, value in query.items():
            at.query_params[key] = value
        return at.run()

    listed = page("views/campaigns/campaigns.py")
    assert not listed.exception
    table = listed.dataframe[0].value
    assert table["Estimated cost"].tolist() == ["0.02 USD"]
    assert table["Actual cost"].tolist() == ["0.0045 USD"]
    detail = page("views/campaigns/campaigns.py", id=str(cid))
    assert not detail.exception
    captions = " ".join(c.value for c in detail.caption)
    assert "Estimated cost: 0.02 USD. Actual cost so far" in captions and "0.0045 USD" in captions
    report = page("views/reports/reports.py", campaign=str(cid))
    assert not report.exception
    assert "Actual cost so far" in " ".join(c.value for c in report.caption)
    spent = page("views/settings/spend.py")
    assert not spent.exception
    assert spent.dataframe[0].value["Actual cost"].tolist() == [0.0045]
