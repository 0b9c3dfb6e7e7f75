"""Wiring: settings → (sandbox if no credentials) → store → client.

The app caches one ``Console`` per server process; the CLI makes its own.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Literal

from ..access import console_settings
from ..api import Balance, ItnioClient
from ..common import ItnioError, Settings
from ..sandbox import RunningSandbox, SandboxConfig, parse_prices, start_sandbox
from ..store import Store

log = logging.getLogger(__name__)

Mode = Literal["sandbox", "live"]

SANDBOX_NOTICE_EN = (
    "Sandbox mode: no real messages are sent. Everything here runs against a built-in "
    "simulator of the ITNIO platform. To send for real, add your API key, secret and app ids "
    "as ITNIO_API_KEY, ITNIO_API_SECRET, ITNIO_SMS_APP_ID and ITNIO_OTP_APP_ID (environment "
    "variables or .streamlit/secrets.toml) and restart."
)
SANDBOX_NOTICE_ZH = (
    "沙盒模式：不会发送真实短信。这里的一切都在内置的 ITNIO 平台模拟器上运行。"
    "如需真实发送，请将 API 密钥、密码和应用 ID 配置为 ITNIO_API_KEY、ITNIO_API_SECRET、"
    "ITNIO_SMS_APP_ID 和 "
    "ITNIO_OTP_APP_ID（环境变量或 .streamlit/secrets.toml）后重启。"
)


@dataclass
class Console:
    mode: Mode
    settings: Settings  # the effective settings (pointing at the sandbox in sandbox mode)
    store: Store
    client: ItnioClient
    sandbox: RunningSandbox | None = None
    # Live credentials are configured (the console may still run the sandbox by choice).
    has_credentials: bool = False

    @property
    def is_sandbox(self) -> bool:
        return self.mode == "sandbox"

    def client_for(self, user: str | None) -> ItnioClient:
        """A client that records calls under ``user`` and shares the connection pool."""
        return ItnioClient(
            self.settings, recorder=self.store, user=user, session=self.client._session
        )

    def close(self) -> None:
        # The sandbox is shared by the whole process, so it outlives one console.
        self.client.close()
        self.store.close()


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message_en: str
    message_zh: str
    balance: Balance | None = None

    def message_for(self, lang: str) -> str:
        return self.message_zh if lang.startswith("zh") else self.message_en


_sandbox_lock = threading.Lock()
_shared_sandbox: RunningSandbox | None = None


def shared_sandbox(settings: Settings | None = None) -> RunningSandbox:
    """One simulator per process, started on first use on loopback.

    The first call's settings (``ITNIO_SANDBOX_PORT``, else a free port;
    ``ITNIO_SANDBOX_DELIVERY_DELAY``) shape it; later calls share it as it is.
    """
    global _shared_sandbox
    with _sandbox_lock:
        if _shared_sandbox is None:
            settings = settings or Settings.load()
            config = SandboxConfig(delivery_delay=settings.sandbox_delivery_delay)
            if settings.sandbox_balance:
                config = replace(config, starting_balance=Decimal(settings.sandbox_balance))
            if settings.sandbox_prices:
                config = replace(config, prices=parse_prices(settings.sandbox_prices))
            _shared_sandbox = start_sandbox(config, port=settings.sandbox_port)
            log.info("sandbox started at %s", _shared_sandbox.url)
        return _shared_sandbox


def open_console(settings: Settings | None = None, *, user: str | None = None) -> Console:
    """Build the store and client; start the sandbox when there are no credentials
    or an administrator chose the sandbox in Settings."""
    settings = settings or Settings.load()
    store = Store(settings.database_url)
    has_credentials = settings.has_credentials
    sandbox: RunningSandbox | None = None
    if settings.is_sandbox or console_settings.load(store, settings).force_sandbox:
        sandbox = shared_sandbox(settings)
        keep = {f.name: getattr(settings, f.name) for f in fields(settings)}
        for name in ("api_key", "api_secret", "sms_app_id", "otp_app_id", "base_url"):
            keep.pop(name)
        settings = sandbox.client_settings(**keep)
        mode: Mode = "sandbox"
    else:
        mode = "live"
    client = ItnioClient(settings, recorder=store, user=user)
    return Console(
        mode=mode,
        settings=settings,
        store=store,
        client=client,
        sandbox=sandbox,
        has_credentials=has_credentials,
    )


def check_connection(client: ItnioClient) -> ConnectionCheck:
    """Ask for the balance and say in plain words whether the account works."""
    try:
        balance = client.get_balance()
    except ItnioError as exc:
        return ConnectionCheck(False, exc.user_message, exc.message_zh)
    return ConnectionCheck(
        True,
        f"Connected. The platform accepted the credentials; balance {balance.balance}.",
        f"连接正常。平台已接受凭据;余额 {balance.balance}。",
        balance,
    )
