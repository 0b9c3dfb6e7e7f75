"""What normalising a number concludes: the status, the problem code, and the reason in words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .countries import _country_name, _in_text
from .plans import _Plan, _plan

OK: Final = "ok"
INVALID: Final = "invalid"
EMPTY: Final = "empty"
CHECK: Final = "check"  # valid only under another country's code: sent only if included

SCIENTIFIC: Final = "scientific"
EXTENSION: Final = "extension"
BAD_CHARS: Final = "bad_chars"
NO_COUNTRY: Final = "no_country"
UNKNOWN_CODE: Final = "unknown_country_code"
TOO_SHORT: Final = "too_short"
TOO_LONG: Final = "too_long"
NOT_VALID: Final = "not_valid"
OTHER_COUNTRY: Final = "other_country"  # the code of a CHECK row
LANDLINE: Final = "landline"
# Index 0 means "no problem"; the vectorised path stores these indexes.
CODES: Final = ("", EMPTY, SCIENTIFIC, EXTENSION, BAD_CHARS, NO_COUNTRY, UNKNOWN_CODE,
                TOO_SHORT, TOO_LONG, NOT_VALID, OTHER_COUNTRY, LANDLINE)  # fmt: skip
_CODE: Final = {code: i for i, code in enumerate(CODES)}


@dataclass(frozen=True)
class NumberResult:
    number: str  # country code + national number, digits only; "" unless ok
    status: str  # ok | invalid | empty | check
    code: str  # "" when ok, else one of CODES
    reason: str
    country: str | None  # ISO region, e.g. "IN"
    calling_code: int | None
    reason_zh: str = ""


# --- Reasons ---------------------------------------------------------------------------
_TEXTS: Final[dict[str, tuple[str, str]]] = {
    EMPTY: ("Empty: there is no number in this cell.", "空白：这一格没有号码。"),
    SCIENTIFIC: (
        "Shown in scientific notation ({raw}): Excel has already lost the last digits. "
        "Format the column as Text in Excel and type the numbers again.",
        "显示为科学计数法（{raw}）：Excel 已经丢失了最后几位数字。"
        "请在 Excel 中把这一列设为“文本”格式，然后重新输入号码。",
    ),
    EXTENSION: (
        "Has an extension: a text message cannot reach an extension. "
        "Remove it, or give a mobile number instead.",
        "带有分机号：短信无法发送到分机。请删除分机号，或改填手机号码。",
    ),
    BAD_CHARS: (
        "Contains letters or symbols that are not part of a phone number. "
        "Keep only the digits, with + and the country code in front.",
        "含有不属于电话号码的字母或符号。请只保留数字，并在前面写上 + 和国家代码。",
    ),
    NO_COUNTRY + "0": (
        "Starts with 0 but no default country was chosen: "
        "pick the country these numbers belong to.",
        "以 0 开头，但没有选择默认国家：请选择这些号码所属的国家。",
    ),
    NO_COUNTRY: (
        "Has no country code, and no default country was chosen: pick the country these "
        "numbers belong to, or write the number with + and its country code.",
        "没有国家代码，也没有选择默认国家：请选择这些号码所属的国家，或在号码前写上 + 和国家代码。",
    ),
    UNKNOWN_CODE: (
        "Does not start with a country code in use. "
        "Check the number, and write it with + and its country code.",
        "开头不是正在使用的国家代码。请检查号码，并在前面写上 + 和国家代码。",
    ),
    TOO_SHORT: (
        "Too short for {country} (+{cc}): {digits} after the country code, needs {needs}.",
        "对{country_zh}（+{cc}）来说太短：国家代码后有 {n} 位数字，需要 {needs_zh} 位。",
    ),
    TOO_LONG: (
        "Too long for {country} (+{cc}): {digits} after the country code, needs {needs}.",
        "对{country_zh}（+{cc}）来说太长：国家代码后有 {n} 位数字，需要 {needs_zh} 位。",
    ),
    NOT_VALID: (
        "Not a number in use in {country} (+{cc}).",
        "不是{country_zh}（+{cc}）正在使用的号码。",
    ),
    OTHER_COUNTRY: (
        "Check this: not a number of the chosen country, but valid as a number in {country} "
        "(+{cc}), so it would be sent there. If that is right, write it with + and its "
        "country code.",
        "请核对：不是所选国家的号码，但作为{country_zh}（+{cc}）的号码有效，会被发送到那里。"
        "如果确实如此，请在号码前写上 + 和国家代码。",
    ),
    LANDLINE: (
        "A landline in {country} (+{cc}): it cannot receive a text message. "
        "Give a mobile number instead.",
        "是{country_zh}（+{cc}）的固定电话：无法接收短信。请改填手机号码。",
    ),
}
_ABROAD: Final = (
    " If it is from another country, write it with + and its country code.",
    "如果是其他国家的号码，请在前面写上 + 和国家代码。",
)


def _lengths_text(lengths: tuple[int, ...], zh: bool) -> str:
    words = (" 或 ", " 到 ", "、") if zh else (" or ", " to ", ", ")
    if len(lengths) >= 3 and lengths[-1] - lengths[0] == len(lengths) - 1:
        return f"{lengths[0]}{words[1]}{lengths[-1]}"
    head = words[2].join(str(n) for n in lengths[:-1])
    return f"{head}{words[0]}{lengths[-1]}" if head else str(lengths[-1])


@dataclass(frozen=True)
class _Outcome:
    code: str  # "" when ok
    number: str = ""
    region: str | None = None
    cc: int = 0
    digits: int = 0  # national digits, for the reasons
    flag: bool = False  # no_country: starts with 0; lengths: read as a national number


def _reason_texts(out: _Outcome, raw: str) -> tuple[str, str]:
    if not out.code:
        return "", ""
    key = out.code + ("0" if out.code == NO_COUNTRY and out.flag else "")
    en, zh = _TEXTS[key]
    if out.code in (TOO_SHORT, TOO_LONG, NOT_VALID) and out.region is not None:
        typical = _plan(out.cc).typical
        fields = {
            "country": _in_text(out.region),
            "country_zh": _country_name(out.region, "zh"),
            "cc": out.cc,
            "n": out.digits,
            "digits": f"{out.digits} digit{'' if out.digits == 1 else 's'}",
            "needs": _lengths_text(typical, zh=False),
            "needs_zh": _lengths_text(typical, zh=True),
        }
        en, zh = en.format(**fields), zh.format(**fields)
        if out.flag:
            en, zh = en + _ABROAD[0], zh + _ABROAD[1]
    elif out.code in (OTHER_COUNTRY, LANDLINE) and out.region is not None:
        names = {"country": _in_text(out.region), "country_zh": _country_name(out.region, "zh")}
        en, zh = en.format(cc=out.cc, **names), zh.format(cc=out.cc, **names)
    elif out.code == SCIENTIFIC:
        shown = raw.strip(" \t\n\r\x0b\x0c'")[:24]
        en, zh = en.format(raw=shown), zh.format(raw=shown)
    return en, zh


def _status(code: str) -> str:
    if not code:
        return OK
    return EMPTY if code == EMPTY else CHECK if code == OTHER_COUNTRY else INVALID


def _length_outcome(plan: _Plan, region: str, n: int, national: bool) -> _Outcome:
    code = TOO_SHORT if n < plan.typical[0] else TOO_LONG if n > plan.typical[-1] else NOT_VALID
    return _Outcome(code, region=region, cc=plan.cc, digits=n, flag=national)
