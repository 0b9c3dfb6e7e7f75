"""A vendor's price sheet (.xlsx, .xls, .csv, .ods): columns found, every row a verdict.

Columns are found the way phone columns are (``sheets.phone_column``): by header words
first (country / code / price / currency / MCC / MNC, in English or Chinese), then by
content (a column of 1-4 digit numbers is the code; one of small decimals is the price).
A row without a code gets it from its country's name. Every row gets a verdict: ok,
invalid (with the reason), duplicate (of an earlier row) or empty, by its Excel row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..common import InvalidInputError
from ..phones import country_choices
from ..sheets import Table, read_table
from ..store import Store
from .prices import Price, check_currency, check_operator, check_prefix, parse_price, set_price

OK, INVALID, DUPLICATE, EMPTY = "ok", "invalid", "duplicate", "empty"
ROLES = ("country", "code", "price", "currency", "operator", "mcc", "mnc")
_WORDS: dict[str, tuple[str, ...]] = {
    "country": ("country", "destination", "国家", "地区", "country name"),
    "code": ("code", "prefix", "dial", "calling", "cc", "区号", "国家码", "代码", "号段", "前缀"),
    "price": ("price", "rate", "cost", "单价", "价格", "费率", "资费"),
    "currency": ("currency", "货币", "币种"),
    "operator": ("operator", "network", "carrier", "mccmnc", "mcc-mnc", "运营商"),
    "mcc": ("mcc",),
    "mnc": ("mnc",),
}
_CODE_RE = r"^\+?(00)?[1-9][0-9]{0,3}(\.0)?$"
_PRICE_RE = r"^[$€£¥]?\s*[0-9]*[.,][0-9]+$"


@dataclass(frozen=True)
class PriceSheet:
    table: Table
    columns: dict[str, str]  # role -> column heading
    rows: pd.DataFrame  # excel_row, country, prefix, operator, price, currency, verdict,
    #                     reason, reason_zh

    def counts(self) -> dict[str, int]:
        found = self.rows["verdict"].value_counts()
        return {v: int(found.get(v, 0)) for v in (OK, INVALID, DUPLICATE, EMPTY)}

    def ok_prices(self) -> list[Price]:
        ok = self.rows[self.rows["verdict"] == OK]
        return [
            Price(r.prefix, r.operator, r.country, Decimal(r.price), r.currency)
            for r in ok.itertuples()
        ]


def _tokens(header: str) -> str:
    return re.sub(r"[_\s]+", " ", header.strip().lower())


def find_columns(table: Table) -> dict[str, str]:
    """Role → column: header words first, then content for the code and the price."""
    found: dict[str, str] = {}
    for role in ROLES:
        for column in table.columns:
            text = _tokens(column)
            words = set(re.findall(r"[a-z]+", text))
            if column in found.values():
                continue
            if any((w in words) if w.isascii() else (w in text) for w in _WORDS[role]):
                found[role] = column
                break
    for role, pattern in (("code", _CODE_RE), ("price", _PRICE_RE)):
        if role not in found:
            best = _by_content(table, pattern, set(found.values()))
            if best is not None:
                found[role] = best
    return found


def _by_content(table: Table, pattern: str, taken: set[str]) -> str | None:
    shares = {}
    for column in table.columns:
        if column in taken:
            continue
        values = table.frame[column].head(500)
        values = values[values.str.strip() != ""]
        if len(values):
            shares[column] = float(values.str.strip().str.match(pattern).mean())
    best = max(shares, key=shares.__getitem__, default=None)
    return best if best is not None and shares[best] >= 0.8 else None


def _country_codes() -> dict[str, str]:
    """Country names (English, Chinese, ISO code) folded → calling code."""
    from ..phones import country_name

    names: dict[str, str] = {}
    for region, name, code in country_choices():
        for key in (name, country_name(region, "zh"), region):
            names.setdefault(key.strip().casefold(), str(code))
    return names


def read_price_sheet(data: bytes, filename: str, sheet: str | None = None) -> PriceSheet:
    """Every row checked; only an unreadable file (or no price column) raises."""
    return check_table(read_table(data, filename, sheet))


def check_table(table: Table) -> PriceSheet:
    """Every row of an already read sheet checked; no price column raises."""
    columns = find_columns(table)
    if "price" not in columns or not ({"code", "country"} & set(columns)):
        raise InvalidInputError(
            "This sheet has no price column, or neither a country nor a code column. The "
            f"columns are: {', '.join(table.columns)}. Head them Country, Code and Price.",
            field="price_sheet",
            message_zh="该表格没有价格列，或没有国家/代码列。请将列标题写为 国家、区号 和 价格。",
        )
    names = _country_codes()
    frame = table.frame

    def col(role: str) -> pd.Series:
        return frame[columns[role]] if role in columns else pd.Series([""] * len(frame))

    cells = zip(
        col("country"),
        col("code"),
        col("price"),
        col("currency"),
        col("operator"),
        col("mcc"),
        col("mnc"),
        strict=True,
    )
    out = [
        _verdict(int(row), *map(str, values), names=names)
        for row, values in zip(table.excel_rows, cells, strict=True)
    ]
    rows = pd.DataFrame(
        out,
        columns=[
            "excel_row",
            "country",
            "prefix",
            "operator",
            "price",
            "currency",
            "verdict",
            "reason",
            "reason_zh",
        ],
    )
    _mark_duplicates(rows)
    return PriceSheet(table, columns, rows)


def _verdict(row: int, *values: str, names: dict[str, str]) -> tuple[object, ...]:
    country, code, price, currency, operator, mcc, mnc = values
    country, code, price = country.strip(), code.strip(), price.strip()
    if not code and country.lstrip("+").replace(" ", "").isdigit():
        code = country  # one "Country code" column: its digits are the code
    if not (country or code or price):
        return (row, "", "", "", "", "", EMPTY, "", "")
    steps: list[tuple[str, Callable[[], object]]] = [
        ("prefix", lambda: check_prefix(code) if code else _from_name(country, names)),
        ("operator", lambda: check_operator(operator or (f"{mcc}-{mnc}" if mcc else ""))),
        ("price", lambda: parse_price(price)),
        ("currency", lambda: check_currency(currency)),
    ]
    done: dict[str, object] = {}
    for name, step in steps:
        try:
            done[name] = step()
        except InvalidInputError as exc:
            return (
                row,
                country,
                code,
                "",
                price,
                currency,
                INVALID,
                exc.user_message,
                exc.message_zh,
            )
    return (
        row,
        country,
        done["prefix"],
        done["operator"],
        str(done["price"]),
        done["currency"],
        OK,
        "",
        "",
    )


def _from_name(country: str, names: dict[str, str]) -> str:
    found = names.get(country.casefold())
    if found is None:
        raise InvalidInputError(
            f"No code, and {country!r} is not a country name the console knows. Add its "
            "calling code."
            if country
            else "No country code. Add the calling code, such as 91.",
            field="prefix",
            message_zh=f"没有区号，且无法识别国家名称“{country}”。请填写国家代码，如 91。",
        )
    return found


def _mark_duplicates(rows: pd.DataFrame) -> None:
    ok = rows[rows["verdict"] == OK]
    keys = ok["prefix"].astype(str) + "|" + ok["operator"].astype(str)
    once = ~keys.duplicated()
    first_row = dict(zip(keys[once], ok["excel_row"][once], strict=True))
    for i in keys.index[keys.duplicated()]:
        earlier = int(first_row[keys[i]])
        rows.loc[i, ["verdict", "reason", "reason_zh"]] = [
            DUPLICATE,
            f"The same destination as row {earlier}; that row's price is used.",
            f"与第 {earlier} 行的目的地相同；使用该行的价格。",
        ]


def import_sheet(store: Store, sheet: PriceSheet, *, user: str | None) -> int:
    """Store every ok row (each change audited); how many rows changed the list."""
    changed = 0
    for price in sheet.ok_prices():
        changed += set_price(store, price, user=user, detail=" (price sheet)")
    return changed
