"""Every length limit on text people type or upload, in one place, with one way to say it.

The pages use these numbers for ``max_chars``; the core checks them again, so the CLI,
a pasted value and a spreadsheet cell get the same clear message: the field, the limit
and the actual length, in English and Chinese.

Where the limit comes from:

* documented by the platform (seed docs): at most 1000 numbers per send request and
  200 msgIds per getReport call; ``content`` at most 1024
  characters ("长度不能超过1024字符"), ``senderId`` at most 32 ("最大长度是32个字符");
* typed as ``Integer`` in the platform's Java examples (sendRule): ``templateId`` and
  ``flowId``, so at most 2,147,483,647 (10 digits);
* undocumented, chosen here and marked so: the rest.
"""

from __future__ import annotations

from typing import Final

from .errors import InvalidInputError

# ------------------------------------------------------------------ documented by the platform
NUMBERS_PER_REQUEST_MAX: Final = 1000  # phone numbers in one sendSms/batch request
MSGIDS_PER_REPORT_MAX: Final = 200  # msgIds in one getReport call
CONTENT_MAX_CHARS: Final = 1024  # SMS text (after placeholders are filled), sendSms/batch
SENDER_ID_MAX_CHARS: Final = 32  # sendSms/batch
JAVA_INT_MAX: Final = 2**31 - 1  # templateId and flowId are Java Integers in sendRule
TEMPLATE_ID_MAX_DIGITS: Final = len(str(JAVA_INT_MAX))  # 10
FLOW_ID_MAX_DIGITS: Final = TEMPLATE_ID_MAX_DIGITS

# ------------------------------------------------------------------ undocumented: chosen here
# orderId (SMS "自定义消息id" and OTP "第三方流水号，需全局唯一"): no length is given. 64
# printable characters fits a UUID with a prefix, and the console's own ids (about 36).
ORDER_ID_MAX_CHARS: Final = 64
# OTP code: the docs only show "12345". 4 to 10 digits covers every code length in use.
CODE_MIN_DIGITS: Final = 4
CODE_MAX_DIGITS: Final = 10
# msgId / verificationId: the platform's are 19 digits; 64 leaves room without accepting prose.
MSG_ID_MAX_CHARS: Final = 64
# A msgId people paste or upload for a report: all digits, 19 in the docs; 25 leaves room
# while "hello" or a 50-digit number is refused at once instead of being asked about.
MSG_ID_MAX_DIGITS: Final = 25
# The console's own fields, sized to their database columns (schema.py).
CAMPAIGN_NAME_MAX_CHARS: Final = 200  # campaigns.name
STOP_NOTE_MAX_CHARS: Final = 300  # stop_list.note
# Typed in page widgets only (for max_chars): a phone number (E.164 has at most 15 digits;
# 40 leaves room for "+", spaces, dashes and brackets), a search box, and the typed
# recipient count that confirms a send ("1,048,576").
PHONE_MAX_CHARS: Final = 40
SEARCH_MAX_CHARS: Final = 100
CONFIRM_COUNT_MAX_CHARS: Final = 20
# Uploads: the same 50 MB as server.maxUploadSize in .streamlit/config.toml (Streamlit
# counts MB as MiB), and every row an Excel sheet can hold.
UPLOAD_MAX_BYTES: Final = 50 * 1024 * 1024
UPLOAD_MAX_ROWS: Final = 1_048_576
# Pasted lists (message ids, stop-list numbers): enough for 100,000 ids of 19 digits and a
# separator; more belongs in a spreadsheet.
PASTE_MAX_CHARS: Final = 2_000_000
# A delivery receipt the platform pushes (one message, about 300 bytes): anything over 64 KiB
# is refused unread, so the unsigned receipt address cannot be made to hold big bodies.
RECEIPT_BODY_MAX_BYTES: Final = 64 * 1024


def too_long(
    label: str,
    label_zh: str,
    field: str,
    length: int,
    limit: int,
    unit: str = "characters",
    *,
    advice: str = "",
    advice_zh: str = "",
) -> InvalidInputError:
    """ "The sender ID is 40 characters long; the limit is 32. Remove 8 characters." """
    unit_zh = " 位" if unit == "digits" else " 个字符"
    over = length - limit
    space = " " if label_zh[-1:].isascii() else ""
    n, cap, cut = number(length), number(limit), number(over)
    return InvalidInputError(
        f"The {label} is {n} {unit} long; the limit is {cap}. "
        f"Remove {cut} {unit[:-1] if over == 1 else unit}.{advice}",
        field=field,
        message_zh=f"{label_zh}{space}长度为 {n}{unit_zh}，上限为 {cap}{unit_zh}。"
        f"请删减 {cut}{unit_zh}。{advice_zh}",
    )


def number(value: int) -> str:
    """1024 as the docs write it; 2,000,000 with separators."""
    return f"{value:,}" if value >= 10_000 else str(value)


def check_length(
    value: str, label: str, label_zh: str, field: str, limit: int, unit: str = "characters"
) -> str:
    """``value`` unchanged if it fits, else the ``too_long`` error."""
    if len(value) > limit:
        raise too_long(label, label_zh, field, len(value), limit, unit)
    return value


def check_content(content: str) -> str:
    return check_length(content, "message", "短信内容", "content", CONTENT_MAX_CHARS)


def check_sender_id(
    sender_id: str, label: str = "sender ID", label_zh: str = "发送方 ID", field: str = "senderId"
) -> str:
    """The sender ID without surrounding spaces; over 32 characters is an error."""
    return check_length(sender_id.strip(), label, label_zh, field, SENDER_ID_MAX_CHARS)


def check_campaign_name(name: str) -> str:
    return check_length(name.strip(), "campaign name", "活动名称", "name", CAMPAIGN_NAME_MAX_CHARS)


def check_stop_note(note: str) -> str:
    return check_length(note.strip(), "note", "备注", "note", STOP_NOTE_MAX_CHARS)


def check_pasted(text: str, field: str) -> str:
    """A pasted list (message ids, numbers): longer ones belong in a spreadsheet."""
    if len(text) > PASTE_MAX_CHARS:
        raise too_long(
            "pasted text",
            "粘贴的内容",
            field,
            len(text),
            PASTE_MAX_CHARS,
            advice=" For a longer list, upload it as a spreadsheet instead.",
            advice_zh="名单较长时请改为上传电子表格。",
        )
    return text
