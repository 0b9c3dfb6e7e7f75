"""``python -m itnio_core.sandbox [--host H] [--port P] [--delay S]``: a standalone sandbox."""

from __future__ import annotations

import argparse

from .config import SandboxConfig
from .runner import serve_forever


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m itnio_core.sandbox")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--delay", type=float, default=3.0, help="seconds until final status")
    args = parser.parse_args(argv)
    serve_forever(SandboxConfig(delivery_delay=args.delay), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
