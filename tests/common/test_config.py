import pytest

from itnio_core.common.config import DEFAULT_BASE_URL, Settings


def write_secrets(tmp_path, text):
    path = tmp_path / "secrets.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_credentials_means_sandbox(tmp_path):
    s = Settings.load(env={}, secrets_path=tmp_path / "missing.toml")
    assert s.is_sandbox and not s.has_credentials
    assert s.base_url == DEFAULT_BASE_URL


def test_arguments_beat_environment_beat_secrets(tmp_path):
    secrets = write_secrets(
        tmp_path,
        """
[itnio]
api_key = "fromSecrets"
api_secret = "secretSecret"
sms_app_id = "smsS"
otp_app_id = "otpS"
""",
    )
    env = {
        "ITNIO_API_KEY": "fromEnv",
        "ITNIO_SMS_APP_ID": "smsE",
        "ITNIO_BASE_URL": "http://127.0.0.1:9/",
    }
    s = Settings.load(env=env, secrets_path=secrets, sms_app_id="smsArg")
    assert s.api_key == "fromEnv"
    assert s.api_secret == "secretSecret"
    assert s.sms_app_id == "smsArg"
    assert s.otp_app_id == "otpS"
    assert s.base_url == "http://127.0.0.1:9"  # trailing slash dropped
    assert not s.is_sandbox


def test_top_level_env_style_names_in_secrets(tmp_path):
    secrets = write_secrets(tmp_path, 'ITNIO_API_KEY = "k1"\nITNIO_API_SECRET = "s1"\n')
    s = Settings.load(env={}, secrets_path=secrets)
    assert (s.api_key, s.api_secret) == ("k1", "s1")


def test_secrets_mapping_replaces_the_file(tmp_path):
    s = Settings.load(env={}, secrets={"itnio": {"api_key": "k2", "api_secret": "s2"}})
    assert s.api_key == "k2"


def test_timeouts_and_threshold_are_numbers():
    s = Settings.load(
        env={"ITNIO_READ_TIMEOUT": "7.5", "ITNIO_CONFIRM_THRESHOLD": "50"}, secrets={}
    )
    assert s.read_timeout == 7.5 and s.connect_timeout > 0
    assert s.confirm_threshold == 50 and Settings().confirm_threshold == 1000


def test_settings_are_frozen():
    s = Settings.load(env={}, secrets={})
    try:
        s.api_key = "x"  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("Settings must be immutable")


def test_repr_and_str_never_show_the_secret_or_full_key():
    s = Settings(api_key="bDqJFiq9ZZ", api_secret="topSecretValue")
    for text in (repr(s), str(s), f"{s}", repr([s])):
        assert "topSecretValue" not in text
        assert "bDqJFiq9ZZ" not in text
        assert "bDq…ZZ" in text


def test_the_app_sandbox_port_and_delivery_delay_come_from_the_environment():
    s = Settings.load(env={}, secrets={})
    assert (s.sandbox_port, s.sandbox_delivery_delay) == (0, 3.0)  # any free port, 3 s
    env = {"ITNIO_SANDBOX_PORT": "8766", "ITNIO_SANDBOX_DELIVERY_DELAY": "held"}
    s = Settings.load(env=env, secrets={})
    assert (s.sandbox_port, s.sandbox_delivery_delay) == (8766, None)
    s = Settings.load(env={"ITNIO_SANDBOX_DELIVERY_DELAY": " HELD "}, secrets={})
    assert s.sandbox_delivery_delay is None
    s = Settings.load(env={"ITNIO_SANDBOX_DELIVERY_DELAY": "0.25"}, secrets={})
    assert s.sandbox_delivery_delay == 0.25
    s = Settings.load(env={}, secrets={"itnio": {"sandbox_delivery_delay": 1}})
    assert s.sandbox_delivery_delay == 1.0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ITNIO_SANDBOX_DELIVERY_DELAY", "soon"),
        ("ITNIO_SANDBOX_DELIVERY_DELAY", "-1"),
        ("ITNIO_SANDBOX_DELIVERY_DELAY", "nan"),
        ("ITNIO_SANDBOX_PORT", "70000"),
        ("ITNIO_SANDBOX_PORT", "http"),
    ],
)
def test_a_wrong_sandbox_setting_says_what_is_expected(name, value):
    with pytest.raises(ValueError, match=r"(delay|port) must be"):
        Settings.load(env={name: value}, secrets={})


def test_the_send_lease_comes_from_the_environment_and_is_positive_seconds():
    assert Settings.load(env={}, secrets={}).send_lease_seconds == 120.0
    s = Settings.load(env={"ITNIO_SEND_LEASE_SECONDS": "15"}, secrets={})
    assert s.send_lease_seconds == 15.0
    for wrong in ("0", "-5", "soon", "inf"):
        with pytest.raises(ValueError, match="ITNIO_SEND_LEASE_SECONDS must be seconds"):
            Settings.load(env={"ITNIO_SEND_LEASE_SECONDS": wrong}, secrets={})
