"""``python -m itnio_core.sandbox [--host H] [--port P] [--delay S|held] [--dlr-url URL]``: a
standalone sandbox."""

from __future__ import annotations

import argparse

from ..common import DEFAULT_DELIVERY_DELAY, parse_delivery_delay
from .config import SandboxConfig
from .runner import serve_forever


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m itnio_core.sandbox")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--delay",
        type=parse_delivery_delay,
        default=DEFAULT_DELIVERY_DELAY,
        help='seconds until final status, or "held": until POST /sandbox/deliver',
    )
    parser.add_argument("--dlr-url", help="POST every delivery receipt here, as the platform does")
    args = parser.parse_args(argv)
    config = SandboxConfig(delivery_delay=args.delay, dlr_url=args.dlr_url)
    serve_forever(config, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
