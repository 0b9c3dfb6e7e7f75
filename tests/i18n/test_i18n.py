"""Every page's text exists in English and Chinese (see tests/i18n/i18n_check.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from itnio_core.i18n import translate as i18n
from tests.i18n import i18n_check

FILES = i18n_check.page_files()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(i18n_check.ROOT)))
def test_page_text_is_translated(path):
    problems, marked = i18n_check.check_file(path)
    assert problems == []
    assert i18n_check.untranslated(marked) == []


def test_checker_finds_english_outside_tr(tmp_path, monkeypatch):
    page = tmp_path / "page.py"
    page.write_text(
        "import streamlit as st\n"
        "from views._ui.i18n import tr\n"
        "st.title('Delivery reports')\n"
        "st.caption(tr('Balance'))\n"
        "st.caption(tr(f'Sent {n}'))\n"
        "st.markdown('Kept as is')  # i18n: ignore\n"
        "st.button(tr('A text nobody translated'))\n"
    )
    monkeypatch.setattr(i18n_check, "ROOT", tmp_path)
    problems, marked = i18n_check.check_file(page)
    assert problems == [
        "page.py:5: tr() needs a literal string first",
        "page.py:3: 'Delivery reports'",
    ]
    assert i18n_check.untranslated(marked) == ["A text nobody translated"]


def test_catalogs_have_no_empty_or_identical_entries():
    for english, chinese in i18n.chinese().items():
        assert chinese.strip(), english
        assert chinese != english or not any(c.isalpha() for c in english), english


def test_placeholders_match_between_languages():
    import string

    fmt = string.Formatter()
    for english, chinese in i18n.chinese().items():
        names_en = {f for _, f, _, _ in fmt.parse(english) if f}
        names_zh = {f for _, f, _, _ in fmt.parse(chinese) if f}
        assert names_en == names_zh, english


def test_translate_fills_placeholders_and_falls_back_to_english():
    assert i18n.translate("Balance", "zh") == "余额"
    assert i18n.translate("Balance", "en") == "Balance"
    assert i18n.translate("Nothing like this in the catalog {n}", "zh", n=3) == (
        "Nothing like this in the catalog 3"
    )
    assert i18n.normalise("zh-CN") == "zh" and i18n.normalise("fr") == "en"


def test_dates_and_numbers_follow_the_language():
    moment = datetime(2024, 5, 1, 13, 3, 12, tzinfo=UTC)
    london = ZoneInfo("Europe/London")
    assert i18n.format_datetime(moment, "en", london, "Europe/London") == (
        "2024-05-01 14:03:12 (Europe/London)"
    )
    assert i18n.format_datetime(moment, "zh", london, "Europe/London") == (
        "2024年5月1日 14:03:12（Europe/London）"
    )
    assert i18n.format_number(1234567, "zh") == "1,234,567"
    assert i18n.format_percent(0.125, "en") == "12.5%"
    assert i18n.format_percent(0.5, "zh") == "50%"


def test_catalogs_agree_on_shared_texts():
    """The same English in two catalogs must mean the same Chinese (the last file wins)."""
    import importlib
    import pkgutil

    from itnio_core.i18n import locales

    seen: dict[str, dict[str, str]] = {}
    for info in pkgutil.iter_modules(locales.__path__):
        module = importlib.import_module(f"itnio_core.i18n.locales.{info.name}")
        for english, chinese in module.TEXTS.items():
            seen.setdefault(english, {})[info.name] = chinese
    clashes = {k: v for k, v in seen.items() if len(set(v.values())) > 1}
    assert clashes == {}
