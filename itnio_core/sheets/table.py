"""From a raw grid of cells to a ``Table``: clean text, header row, Excel row numbers.

A grid is the whole sheet as read, one str column per spreadsheet column,
row 0 being Excel row ``first_row``. Everything here is vectorised: a
1,000,000-row sheet never becomes Python lists of cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from .phone_column import header_strength, looks_like_phone

HEADER_SAMPLE_ROWS = 50

_MIDNIGHT = r"^(\d{4}-\d{2}-\d{2}) 00:00:00$"
_TIME_ONLY = r"^1899-12-3[01] (\d{2}:\d{2}:\d{2})$"


@dataclass(frozen=True, eq=False)
class Table:
    """One sheet of an upload, ready for the per-row checks.

    ``frame`` has one str column per entry of ``columns`` ("" for an empty
    cell), rows in file order; ``excel_rows[i]`` is the row number Excel shows
    for ``frame.iloc[i]``.
    """

    sheet: str
    columns: list[str]
    frame: pd.DataFrame
    excel_rows: npt.NDArray[np.int64]
    header_row: int | None
    column_letters: list[str]
    source_format: str
    encoding: str | None = None
    delimiter: str | None = None


@dataclass(frozen=True)
class Grid:
    """A sheet as read: integer column labels are 0-based spreadsheet column positions."""

    frame: pd.DataFrame
    first_row: int = 1


def column_letter(position: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    number = position + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def clean_text(values: pd.Series, from_excel: bool) -> pd.Series:
    """Empty cells to "", whitespace stripped; Excel booleans and dates as people write them."""
    text = values.fillna("").astype("str").str.strip()
    if not from_excel:
        return text
    booleans = text.isin(["true", "false"])
    if booleans.any():
        text = text.mask(booleans, text.str.upper())
    if text.str.endswith(" 00:00:00").any():
        text = text.str.replace(_MIDNIGHT, r"\1", regex=True)
    if text.str.startswith("1899-12-3").any():
        text = text.str.replace(_TIME_ONLY, r"\1", regex=True)
    return text


def find_header(sample: list[list[str]]) -> int | None:
    """Index in ``sample`` (the first non-empty rows) of the header row, or None.

    The header is the fullest row above the first row holding a phone-like
    cell (the later one on a tie, so a title row above it is skipped). Without
    any phone-like cell, the first full-width row is the header if it holds no
    numbers.
    """
    counts = [sum(1 for cell in row if cell) for row in sample]
    first_data = next(
        (i for i, row in enumerate(sample) if any(looks_like_phone(c) for c in row if c)), None
    )
    if first_data is not None:
        if first_data == 0:
            return None
        fullest = max(counts[:first_data])
        return max(i for i in range(first_data) if counts[i] == fullest)
    if not sample:
        return None
    widest = max(counts)
    candidate = counts.index(widest)
    if any(header_strength(cell) for cell in sample[candidate]):
        return candidate
    return None if any(_is_number(cell) for cell in sample[candidate] if cell) else candidate


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def unique_names(names: list[str]) -> list[str]:
    """Make header names unique the way people read them: "Phone", "Phone (2)"."""
    seen: set[str] = set()
    result: list[str] = []
    for name in names:
        candidate, counter = name, 1
        while candidate.casefold() in seen:
            counter += 1
            candidate = f"{name} ({counter})"
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


@dataclass(frozen=True)
class Layout:
    """Where the header and data are, before the frame is cut out."""

    header: int | None  # frame position of the header row
    data_positions: npt.NDArray[np.int64]  # frame positions of the non-empty data rows
    kept: list[int]  # column labels with a header or any data


def locate(cleaned: pd.DataFrame) -> Layout:
    filled = {label: (cleaned[label] != "").to_numpy(dtype=bool) for label in cleaned.columns}
    nonempty = np.zeros(len(cleaned), dtype=bool)
    for mask in filled.values():
        nonempty |= mask
    positions = np.flatnonzero(nonempty)
    sample_positions = positions[:HEADER_SAMPLE_ROWS]
    sample = cleaned.iloc[sample_positions].to_numpy(dtype=object).tolist()
    header_index = find_header([[str(cell) for cell in row] for row in sample])
    header = None if header_index is None else int(sample_positions[header_index])
    data_positions = positions if header is None else positions[positions > header]
    kept = [
        label
        for label, mask in filled.items()
        if (header is not None and mask[header]) or mask[data_positions].any()
    ]
    return Layout(header, data_positions.astype(np.int64), kept)


def cut(cleaned: pd.DataFrame, layout: Layout) -> pd.DataFrame:
    """The data rows of the kept columns; a slice, not a copy, when rows are contiguous."""
    rows = layout.data_positions
    part = cleaned[layout.kept]
    if len(rows) and rows[-1] - rows[0] + 1 == len(rows):
        part = part.iloc[int(rows[0]) : int(rows[-1]) + 1]
    else:
        part = part.iloc[rows]
    return part.reset_index(drop=True)


def header_names(cleaned: pd.DataFrame, layout: Layout) -> list[str]:
    letters = [column_letter(int(label)) for label in layout.kept]
    if layout.header is None:
        return [f"Column {letter}" for letter in letters]
    header = cleaned.iloc[layout.header]
    names = [
        str(header[label]) or letter for label, letter in zip(layout.kept, letters, strict=True)
    ]
    return unique_names(names)
