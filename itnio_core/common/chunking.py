"""Cutting a list into pieces of at most N: calls of 200 msgIds, statements of 500 rows.

The one rule every batched call and statement shares. It takes anything that slices
(a list, a tuple, bytes, a numpy array) and gives slices of the same kind, in order.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar, cast


class Sliceable(Protocol):
    def __len__(self) -> int: ...
    def __getitem__(self, index: slice, /) -> Any: ...


S = TypeVar("S", bound=Sliceable)


def chunked(values: S, size: int) -> list[S]:
    """``values`` in order, in slices of ``size`` (the last may be shorter)."""
    if size < 1:
        raise ValueError("a chunk holds at least one value")
    return [cast(S, values[i : i + size]) for i in range(0, len(values), size)]
