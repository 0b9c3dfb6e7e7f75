"""What every CLI command module shares."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TextIO

from ..access import audit
from ..common import InvalidInputError, ItnioError
from ..console import Console
from .identity import audit_detail

Handler = Callable[[argparse.Namespace, Console, TextIO], Any]


class AddCommand(Protocol):
    """``cmd(name, handler, help, parent=sub)``: a subcommand with ``--json``."""

    def __call__(
        self, name: str, handler: Handler, help_: str, parent: Any = ...
    ) -> argparse.ArgumentParser: ...


def split(value: str) -> list[str]:
    """``"a, b,,c"`` → ``["a", "b", "c"]``."""
    return [v.strip() for v in value.split(",") if v.strip()]


def counted(n: int, word: str) -> str:
    """``1 request``, ``2,000 requests``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


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


def record_export(console: Console, target: Path) -> None:
    """A file written for the person goes into the audit log, as a download in the app does."""
    audit.record(console.store, console.client.user, audit.EXPORT, what=target.name,
                 detail=audit_detail())  # fmt: skip
