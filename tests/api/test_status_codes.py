"""Every documented status code, per endpoint, has plain words in both languages."""

import pytest

from itnio_core.api import status_codes as sc
from itnio_core.common.errors import AuthError, ItnioError, RequestRejected

# The codes each seed document lists (0 = success is not an error).
DOCUMENTED = {
    sc.SEND: [-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -16, -18, -19],
    sc.REPORT: [-1, -2, -11, -14, -16, -18, -19],
    sc.OTP_SEND: [-1, -2, -10, -16, -18, -22, -26, -27, -28, -29],
    sc.OTP_RECORD: [-1, -2, -16, -18, -22],
    sc.BACKFILL: [-1, -2, -16, -18, -22],
    sc.BALANCE: [-1, -2, -16, -18],
}
CASES = [(ep, code) for ep, codes in DOCUMENTED.items() for code in codes]


@pytest.mark.parametrize(("endpoint", "code"), CASES)
def test_each_documented_code_has_english_and_chinese(endpoint, code):
    info = sc.explain(endpoint, code)
    assert info.code == code
    assert code in sc.documented(endpoint)
    assert len(info.en) > 30 and info.en[0].isupper() and info.en.endswith(".")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.zh)


@pytest.mark.parametrize(("endpoint", "code"), CASES)
def test_error_for_builds_the_mapped_class(endpoint, code):
    err = sc.error_for(endpoint, code, reason="raw reason", raw={"status": str(code)})
    assert isinstance(err, ItnioError)
    assert err.status == code and err.endpoint == endpoint and err.reason == "raw reason"
    expected = AuthError if code in (-1, -2, -16) else RequestRejected
    assert type(err) is expected
    assert str(err) == err.user_message == sc.explain(endpoint, code).en


def test_same_code_means_different_things_per_endpoint():
    assert sc.explain(sc.SEND, -19).en != sc.explain(sc.REPORT, -19).en
    assert "channel" in sc.explain(sc.SEND, -19).en
    assert "pricing" in sc.explain(sc.REPORT, -19).en


def test_clock_message_says_what_to_do():
    assert "clock" in sc.explain(sc.SEND, -16).en
    assert "time" in sc.explain(sc.SEND, -16).en


def test_unknown_code_is_still_readable():
    info = sc.explain(sc.SEND, -77, "weird thing")
    assert "-77" in info.en and "weird thing" in info.en
    assert "-77" in info.zh
    err = sc.error_for(sc.OTP_SEND, -77)
    assert isinstance(err, RequestRejected) and err.status == -77


def test_table_has_nothing_undocumented_for_send():
    assert sorted(sc.documented(sc.SEND)) == sorted(DOCUMENTED[sc.SEND])
    assert sorted(sc.documented(sc.REPORT)) == sorted(DOCUMENTED[sc.REPORT])
