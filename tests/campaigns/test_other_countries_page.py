"""New campaign under AppTest: with a country chosen, numbers valid only under another
country's code are named with their country and sent only when the box is ticked."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.campaigns.test_pages import XLSX, new_campaign


@pytest.fixture(autouse=True)
def clean_app(app_env: str) -> str:
    return app_env


def workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Name", "Mobile"])
    ws.append(["Asha", "98765 43210"])
    ws.append(["Ravi", 447400123456])  # no +: valid only as a British mobile
    ws.append(["Priya", 493012345])  # a German landline
    ws.append(["Neha", 447400123457])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_other_countries_are_named_and_sent_only_when_included():
    at = new_campaign()
    at.file_uploader(key="new_upload").upload("list.xlsx", workbook(), XLSX).run()
    countries = at.selectbox(key="new_country")
    india = next(i for i, label in enumerate(countries.options) if label.startswith("India"))
    countries.set_value(india).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Ready to send"] == "1"
    assert metrics["Check: other country"] == "2"
    assert metrics["Invalid"] == "1"
    warning = " ".join(w.value for w in at.warning)
    assert "2 rows are not numbers of the chosen country" in warning
    assert "United Kingdom 2" in warning
    problems = at.dataframe[0].value
    assert list(problems["Row"]) == [3, 4, 5]  # Excel's order
    assert "landline in Germany" in problems["Problem"].iloc[1]
    at.checkbox(key="new_other_countries").check().run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Ready to send"] == "3"
    assert metrics["Check: other country"] == "0"
