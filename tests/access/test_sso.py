"""Single sign-on's rules: who gets in, and a sign-in's standing in the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from itnio_core.access import sso
from itnio_core.access.auth import SESSION_IDLE_MINUTES, Directory, Role
from itnio_core.store.engine import Store

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback"}
T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def directory(**roles: str) -> Directory:
    listed = {"alice@example.com": "sender", **roles}
    return Directory.from_secrets({"auth": AUTH, "roles": listed})


def claims(**extra: Any) -> dict[str, Any]:
    return {"iss": "https://id.example.com", "sub": "a1", "iat": 1764752400,
            "nonce": "n1", "email": "Alice@Example.com", "email_verified": True,
            "name": "Alice Wong", **extra}  # fmt: skip


def test_a_listed_email_gets_its_role() -> None:
    user = sso.user_for(directory(), claims())
    assert (user.username, user.role, user.name) == ("alice@example.com", Role.SENDER, "Alice Wong")
    assert sso.user_for(directory(), claims(email_verified="true")).role is Role.SENDER
    assert sso.user_for(directory(), {"email": "alice@example.com"}).role is Role.SENDER


def test_someone_not_listed_is_refused_in_words_unless_a_default_role_is_set() -> None:
    with pytest.raises(sso.SignInRefused) as refused:
        sso.user_for(directory(), claims(email="eve@example.com"))
    assert "eve@example.com is not on this console's list of people" in str(refused.value)
    assert "不在本控制台的用户名单中" in refused.value.message_for("zh")
    viewer = sso.user_for(directory(default_role="viewer"), claims(email="eve@example.com"))
    assert viewer.role is Role.VIEWER
    # The listed role still wins over the default.
    assert sso.user_for(directory(default_role="viewer"), claims()).role is Role.SENDER


@pytest.mark.parametrize("email", [None, "", "   ", "not-an-address"])
def test_an_email_claim_is_required(email: str | None) -> None:
    with pytest.raises(sso.SignInRefused, match="did not give this console an e-mail"):
        sso.user_for(directory(default_role="admin"), claims(email=email))


@pytest.mark.parametrize("verified", [False, "false", None, 0])
def test_an_unverified_email_is_refused_when_the_provider_says_so(verified: Any) -> None:
    with pytest.raises(sso.SignInRefused, match="not verified") as refused:
        sso.user_for(directory(), claims(email_verified=verified))
    assert "尚未验证" in refused.value.message_for("zh")


def test_default_role_is_not_an_email_and_is_checked() -> None:
    listed = directory(default_role="Viewer")
    assert listed.default_role is Role.VIEWER
    assert "default_role" not in (listed.oidc_roles or {})  # not a person for --as
    assert directory().default_role is None
    with pytest.raises(Exception, match="Unknown role"):
        directory(default_role="boss")


def test_each_sign_in_at_the_provider_has_its_own_key() -> None:
    key = sso.sign_in_key(claims())
    assert key == sso.sign_in_key(claims())  # a reload: the same claims
    assert len(key) == 64
    assert key != sso.sign_in_key(claims(nonce="n2", iat=1764752500))  # signed in again
    assert key != sso.sign_in_key(claims(sub="b2"))


def test_a_sign_in_is_new_once_then_active_until_idle(store: Store) -> None:
    key = sso.sign_in_key(claims())
    assert sso.standing(store, key, "alice@example.com", now=T0) is sso.Standing.NEW
    later = T0 + timedelta(minutes=SESSION_IDLE_MINUTES - 1)
    assert sso.standing(store, key, "alice@example.com", now=later) is sso.Standing.ACTIVE
    # Used just now, so still active nearly a full idle period after that use.
    almost = later + timedelta(minutes=SESSION_IDLE_MINUTES - 1)
    assert sso.standing(store, key, "alice@example.com", now=almost) is sso.Standing.ACTIVE
    idle = almost + timedelta(minutes=SESSION_IDLE_MINUTES + 1)
    assert sso.standing(store, key, "alice@example.com", now=idle) is sso.Standing.ENDED
    # Ended stays ended: a reload with the same claims does not sign in again.
    assert sso.standing(store, key, "alice@example.com", now=idle) is sso.Standing.ENDED


def test_signing_out_ends_the_sign_in_for_good(store: Store) -> None:
    key = sso.sign_in_key(claims())
    assert sso.standing(store, key, "alice@example.com", now=T0) is sso.Standing.NEW
    sso.end(store, key)
    assert sso.standing(store, key, "alice@example.com", now=T0) is sso.Standing.ENDED
    again = sso.sign_in_key(claims(nonce="n2"))  # signed in at the provider again
    assert sso.standing(store, again, "alice@example.com", now=T0) is sso.Standing.NEW
