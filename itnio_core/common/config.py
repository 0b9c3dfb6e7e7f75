"""Settings: from arguments, then ``ITNIO_*`` environment variables, then
``.streamlit/secrets.toml``. No credentials means sandbox mode.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .masking import mask

DEFAULT_BASE_URL = "https://api.itniotech.com"
DEFAULT_SECRETS_PATH = Path(".streamlit/secrets.toml")
DEFAULT_DATABASE_URL = "sqlite:///itnio_console.db"
# The built-in sandbox: seconds from send until a message's final status.
DEFAULT_DELIVERY_DELAY = 3.0
HELD = "held"  # a delivery delay that keeps messages "sending" until released

# setting name -> environment variable
_ENV = {
    "api_key": "ITNIO_API_KEY",
    "api_secret": "ITNIO_API_SECRET",
    "sms_app_id": "ITNIO_SMS_APP_ID",
    "otp_app_id": "ITNIO_OTP_APP_ID",
    "base_url": "ITNIO_BASE_URL",
    "database_url": "ITNIO_DATABASE_URL",
    "connect_timeout": "ITNIO_CONNECT_TIMEOUT",
    "read_timeout": "ITNIO_READ_TIMEOUT",
    "confirm_threshold": "ITNIO_CONFIRM_THRESHOLD",
    "sandbox_port": "ITNIO_SANDBOX_PORT",
    "sandbox_delivery_delay": "ITNIO_SANDBOX_DELIVERY_DELAY",
    "sandbox_balance": "ITNIO_SANDBOX_BALANCE",
    "sandbox_prices": "ITNIO_SANDBOX_PRICES",
    "worker_in_web": "ITNIO_WORKER_IN_WEB",
    "send_lease_seconds": "ITNIO_SEND_LEASE_SECONDS",
}


@dataclass(frozen=True)
class Settings:
    api_key: str = ""
    api_secret: str = field(default="", repr=False)
    sms_app_id: str = ""
    otp_app_id: str = ""
    base_url: str = DEFAULT_BASE_URL
    database_url: str = DEFAULT_DATABASE_URL
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    # Above this many recipients the person types the count to confirm a campaign.
    confirm_threshold: int = 1000
    # The built-in sandbox (sandbox mode): its loopback port (0: any free one) and how long
    # each message stays "sending" (None: held until released, see itnio_core.sandbox).
    sandbox_port: int = 0
    sandbox_delivery_delay: float | None = DEFAULT_DELIVERY_DELAY
    # Its starting balance in USD ("" = the sandbox's default) and its prices per message
    # part by calling code or prefix ("44=0.035,91=0.005"; others pay the default price).
    sandbox_balance: str = ""
    sandbox_prices: str = ""
    # Whether the web server also runs the background work (off when `itnio worker` does).
    worker_in_web: bool = True
    # A send request a worker claimed and still holds after this long, with that worker gone
    # (killed, its machine lost), is called "unknown" by another worker and never re-sent.
    # Keep it above connect_timeout + read_timeout: a live worker may wait that long.
    send_lease_seconds: float = 120.0

    @property
    def has_credentials(self) -> bool:
        return bool(self.api_key and self.api_secret)

    @property
    def is_sandbox(self) -> bool:
        """True when no live credentials were configured."""
        return not self.has_credentials

    @property
    def masked_key(self) -> str:
        return mask(self.api_key)

    def __repr__(self) -> str:
        return (
            f"Settings(api_key={self.masked_key!r}, api_secret='***', "
            f"sms_app_id={self.sms_app_id!r}, otp_app_id={self.otp_app_id!r}, "
            f"base_url={self.base_url!r}, mode={'sandbox' if self.is_sandbox else 'live'})"
        )

    __str__ = __repr__

    @classmethod
    def load(
        cls,
        env: Mapping[str, str] | None = None,
        secrets_path: Path | str | None = None,
        secrets: Mapping[str, Any] | None = None,
        **overrides: Any,
    ) -> Settings:
        """Arguments win over the environment, which wins over secrets.toml.

        ``secrets`` (e.g. ``st.secrets``) replaces reading the file when given.
        """
        env = os.environ if env is None else env
        if secrets is None:
            secrets = read_secrets(secrets_path)
        values: dict[str, Any] = {}
        values.update(_from_secrets(secrets))
        values.update({k: env[v] for k, v in _ENV.items() if env.get(v)})
        values.update({k: v for k, v in overrides.items() if v not in (None, "")})
        return cls(**_coerce(values))


def read_secrets(path: Path | str | None = None) -> dict[str, Any]:
    """``.streamlit/secrets.toml`` (or ``path``) as a dict; {} when there is no such file.

    The settings come from it, and so do the users (``[users.NAME]``) the command line acts as.
    """
    file = Path(path or DEFAULT_SECRETS_PATH)
    if not file.is_file():
        return {}
    with file.open("rb") as fh:
        return tomllib.load(fh)


def _from_secrets(data: Mapping[str, Any]) -> dict[str, Any]:
    """Keys from an ``[itnio]`` table, or ``ITNIO_*`` / bare names at top level."""
    section = data.get("itnio", {})
    out: dict[str, Any] = {}
    for name, env_name in _ENV.items():
        for source, key in ((section, name), (data, env_name), (data, name)):
            if isinstance(source, Mapping) and source.get(key) not in (None, ""):
                out[name] = source[key]
                break
    return out


def _yes(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{_ENV[name]} must be true or false, not {value!r}")


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    known = {f.name: f for f in fields(Settings)}
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in known:
            raise TypeError(f"unknown setting {name!r}")
        if name.endswith("_timeout"):
            out[name] = float(value)
        elif name == "send_lease_seconds":
            out[name] = _positive_seconds(value, name)
        elif name == "confirm_threshold":
            out[name] = int(value)
        elif name == "sandbox_port":
            out[name] = parse_port(value)
        elif name == "sandbox_delivery_delay":
            out[name] = parse_delivery_delay(value)
        elif name == "worker_in_web":
            out[name] = _yes(value, name)
        else:
            out[name] = str(value).strip()
    if "base_url" in out:
        out["base_url"] = out["base_url"].rstrip("/")
    return out


def _positive_seconds(value: Any, name: str) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"{_ENV[name]} must be seconds (more than 0), not {value!r}")
    return seconds


def parse_delivery_delay(value: Any) -> float | None:
    """Seconds (``"2.5"``, ``0``) or ``"held"`` (None): how long sandbox messages stay
    "sending". Raises ValueError, naming the choices, for anything else."""
    if value is None or (isinstance(value, str) and value.strip().lower() == HELD):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"delivery delay must be seconds (0 or more) or {HELD!r}, not {value!r}")
    return seconds


def parse_port(value: Any) -> int:
    """A TCP port, 0 meaning "any free one"."""
    try:
        port = int(value)
    except (TypeError, ValueError):
        port = -1
    if not 0 <= port <= 65535:
        raise ValueError(f"port must be between 0 and 65535, not {value!r}")
    return port
