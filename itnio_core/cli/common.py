"""What every CLI command module shares."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, Protocol, TextIO

from ..console.wiring import Console

Handler = Callable[[argparse.Namespace, Console, TextIO], Any]


class AddCommand(Protocol):
    """``cmd(name, handler, help, parent=sub)``: a subcommand with ``--json``."""

    def __call__(
        self, name: str, handler: Handler, help_: str, parent: Any = ...
    ) -> argparse.ArgumentParser: ...


def split(value: str) -> list[str]:
    """``"a, b,,c"`` → ``["a", "b", "c"]``."""
    return [v.strip() for v in value.split(",") if v.strip()]
