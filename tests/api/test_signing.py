import pytest

from itnio_core.api.signing import CONTENT_TYPE, sign, signed_headers, verify
from itnio_core.common.masking import mask


@pytest.mark.parametrize(
    ("key", "secret", "ts", "expected"),
    [
        # computed independently with `echo -n KEYSECRETTS | md5sum`
        ("bDqJFiq9", "mySecret", 1630468800, "06c5a57326920dfb51e9195e58199d7f"),
        ("key", "secret", "0", "7c38df4b1b4eb743b8d021b70f59f913"),
    ],
)
def test_sign_matches_documented_md5(key, secret, ts, expected):
    assert sign(key, secret, ts) == expected


def test_signed_headers_carry_every_documented_header():
    headers = signed_headers("bDqJFiq9", "mySecret", timestamp=1630468800)
    assert headers == {
        "Content-Type": "application/json;charset=UTF-8",
        "Api-Key": "bDqJFiq9",
        "Timestamp": "1630468800",
        "Sign": "06c5a57326920dfb51e9195e58199d7f",
    }
    assert CONTENT_TYPE == "application/json;charset=UTF-8"


def test_signed_headers_take_a_fresh_timestamp(monkeypatch):
    clock = iter([1000, 2000])
    monkeypatch.setattr("itnio_core.api.signing.time.time", lambda: next(clock))
    first = signed_headers("k", "s")
    second = signed_headers("k", "s")
    assert (first["Timestamp"], second["Timestamp"]) == ("1000", "2000")
    assert first["Sign"] != second["Sign"]


def test_verify_accepts_uppercase_and_rejects_wrong_secret():
    good = sign("k", "s", 5).upper()
    assert verify("k", "s", "5", good)
    assert not verify("k", "other", "5", good)


@pytest.mark.parametrize(
    ("value", "shown"),
    [("bDqJFiq9f4", "bDq…f4"), ("", "(not set)"), (None, "(not set)"), ("abcdefg", "…")],
)
def test_mask_never_shows_the_whole_key(value, shown):
    assert mask(value) == shown
