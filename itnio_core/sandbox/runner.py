"""Starting and stopping a sandbox: in a daemon thread for tests, or blocking for the CLI."""

from __future__ import annotations

import socket
import threading
from types import TracebackType
from typing import Any

from ..common import Settings
from .config import SandboxConfig
from .server import SandboxHTTPServer
from .simulator import Simulator


class RunningSandbox:
    """A sandbox serving in a daemon thread; use as a context manager or call :meth:`stop`."""

    def __init__(self, server: SandboxHTTPServer, config: SandboxConfig) -> None:
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="itnio-sandbox",
            daemon=True,
        )
        host, port = server.server_address[:2]
        self.url = f"http://{_host_for_url(str(host))}:{port}"
        self.config = config
        self.simulator = server.simulator
        self.simulator.public_url = self.url
        self._thread.start()

    def client_settings(self, **changes: Any) -> Settings:
        """Settings that talk to this sandbox with its own credentials."""
        values: dict[str, Any] = {
            "api_key": self.config.api_key,
            "api_secret": self.config.api_secret,
            "sms_app_id": self.config.sms_app_id,
            "otp_app_id": self.config.otp_app_id,
            "base_url": self.url,
        }
        return Settings(**{**values, **changes})

    @property
    def connections(self) -> dict[str, int]:
        """Accepted connections and how many had TCP_NODELAY confirmed."""
        return self._server.connection_counts()

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def delivery_rule(config: SandboxConfig) -> str:
    """The delivery rule in one line, as ``serve_forever`` prints it."""
    when = (
        "held as sending until POST /sandbox/deliver"
        if config.delivery_delay is None
        else f"final status after {config.delivery_delay:g} s"
    )
    return f"{when}; numbers ending in {config.fail_last_digit!r} fail."


def _host_for_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _make_server(config: SandboxConfig, host: str, port: int) -> SandboxHTTPServer:
    if ":" in host:

        class _V6(SandboxHTTPServer):
            address_family = socket.AF_INET6

        return _V6((host, port), Simulator(config))
    return SandboxHTTPServer((host, port), Simulator(config))


def start_sandbox(
    config: SandboxConfig | None = None, host: str = "127.0.0.1", port: int = 0
) -> RunningSandbox:
    """Serve a fresh sandbox in a daemon thread; returns once it accepts connections."""
    cfg = config or SandboxConfig()
    return RunningSandbox(_make_server(cfg, host, port), cfg)


def serve_forever(config: SandboxConfig, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Blocking sandbox for ``itnio sandbox``; Ctrl+C stops it."""
    server = _make_server(config, host, port)
    bound_host, bound_port = server.server_address[:2]
    url = f"http://{_host_for_url(str(bound_host))}:{bound_port}"
    server.simulator.public_url = url
    print(f"ITNIO sandbox listening on {url}", flush=True)
    print(f"  Api-Key:    {config.api_key}", flush=True)
    print(f"  Api-Secret: {config.api_secret}  (sandbox-only credentials)", flush=True)
    print(f"  SMS appId:  {config.sms_app_id}", flush=True)
    print(f"  OTP appId:  {config.otp_app_id}", flush=True)
    print(f"  Delivery: {delivery_rule(config)}", flush=True)
    if config.dlr_url:
        print(f"  Delivery receipts are POSTed to {config.dlr_url}", flush=True)
    if config.send_latency > 0:
        print(f"  Each send request answers after {config.send_latency:g} s.", flush=True)
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        server.close_connections()
        server.server_close()
