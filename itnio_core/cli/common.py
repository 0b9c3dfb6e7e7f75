"""What every CLI command module shares."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TextIO

from ..common import InvalidInputError, ItnioError
from ..console import Console

Handler = Callable[[argparse.Namespace, Console, TextIO], Any]


class AddCommand(Protocol):
    """``cmd(name, handler, help, parent=sub)``: a subcommand with ``--json``."""

    def __call__(
        self, name: str, handler: Handler, help_: str, parent: Any = ...
    ) -> argparse.ArgumentParser: ...


def split(value: str) -> list[str]:
    """``"a, b,,c"`` → ``["a", "b", "c"]``."""
    return [v.strip() for v in value.split(",") if v.strip()]


class CommandFailed(ItnioError):
    """The command ran but did not succeed: ``answer`` is still printed with --json."""

    def __init__(self, message: str, answer: Any) -> None:
        super().__init__(message)
        self.answer = answer


def out_path(value: str | None, allowed: tuple[str, ...]) -> Path | None:
    if not value:
        return None
    target = Path(value)
    if target.suffix.lower() not in allowed:
        raise InvalidInputError(
            f"--out must end in {' or '.join(allowed)} here, not {target.name!r}."
        )
    return target


def write_file(target: Path, data: bytes) -> None:
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise InvalidInputError(f"Cannot write {target}: {exc.strerror or exc}.") from None
