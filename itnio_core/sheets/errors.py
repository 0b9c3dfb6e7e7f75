"""The one error an unreadable upload raises, with its English and Chinese text.

Every message says what is wrong and what to do about it. ``code`` names the
problem for callers and tests; the page shows ``user_message`` or ``message_zh``.
"""

from __future__ import annotations

from typing import Any

from ..common import InvalidInputError

ACCEPTED_TEXT = ".xlsx, .xls, .csv or .ods"
ACCEPTED_TEXT_ZH = ".xlsx、.xls、.csv 或 .ods"

_MESSAGES: dict[str, tuple[str, str]] = {
    "empty_file": (
        "The file {name} is empty (0 bytes). Choose the saved file again.",
        "文件 {name} 是空的（0 字节）。请重新选择已保存的文件。",
    ),
    "too_big": (
        "The file {name} is {size}; the limit is {limit_mb} MB. "
        "Split the list into smaller files, or remove unneeded columns.",
        "文件 {name} 大小为 {size_zh}，上限为 {limit_mb} MB。"
        "请把名单拆成几个较小的文件，或删除不需要的列。",
    ),
    "unsupported_type": (
        "{name} is not a file type the console reads. "
        "Save it from Excel as {accepted} and upload that.",
        "不支持 {name} 这种文件类型。请在 Excel 中另存为 {accepted_zh} 后再上传。",
    ),
    "xlsb": (
        "{name} is an Excel binary workbook (.xlsb). "
        "Open it in Excel, choose Save As > Excel Workbook (.xlsx), and upload that.",
        "{name} 是 Excel 二进制工作簿（.xlsb）。请在 Excel 中另存为 .xlsx 后再上传。",
    ),
    "not_spreadsheet": (
        "{name} is not a spreadsheet{what}. Upload the list as {accepted}.",
        "{name} 不是电子表格{what_zh}。请上传 {accepted_zh} 格式的名单。",
    ),
    "web_page": (
        "{name} is a web page saved with a spreadsheet name. "
        "Open it in Excel, choose Save As > Excel Workbook (.xlsx), and upload that.",
        "{name} 实际上是网页文件。请用 Excel 打开后另存为 .xlsx 再上传。",
    ),
    "encrypted": (
        "{name} is protected with a password, so it cannot be read. "
        "Open it in Excel, remove the password (File > Info > Protect Workbook), "
        "save, and upload it again.",
        "{name} 设置了打开密码，无法读取。请在 Excel 中取消密码"
        "（文件 > 信息 > 保护工作簿）并保存后重新上传。",
    ),
    "zip_bomb": (
        "{name} expands to far more data than a real list ({detail}), so it was not opened. "
        "Save the list again from Excel and upload the new file.",
        "{name} 解压后的数据量异常（{detail_zh}），为安全起见未打开。请在 Excel 中重新保存后上传。",
    ),
    "unreadable": (
        "{name} could not be read as {kind}: the file is damaged or not really {kind}. "
        "Open it in Excel, save it again as .xlsx, and upload that.",
        "无法以 {kind} 格式读取 {name}：文件已损坏或并非该格式。"
        "请用 Excel 打开后另存为 .xlsx 再上传。",
    ),
    "sheet_not_found": (
        'There is no sheet named "{sheet}" in {name}. Pick one of: {sheets}.',
        '{name} 中没有名为"{sheet}"的工作表。请从以下工作表中选择：{sheets}。',
    ),
    "no_sheets": (
        "{name} has no worksheets with cells in it. Put the list on a worksheet and upload again.",
        "{name} 中没有包含数据的工作表。请把名单放在工作表中后重新上传。",
    ),
    "empty_sheet": (
        'The sheet "{sheet}" in {name} has no data.{others} Check you saved the right file.',
        '{name} 中的工作表"{sheet}"没有数据。{others_zh}请确认上传的文件是否正确。',
    ),
    "header_only": (
        'The sheet "{sheet}" in {name} has a header row (row {header_row}) '
        "but no rows of data below it. Add the recipients under the header and upload again.",
        '{name} 的工作表"{sheet}"只有标题行（第 {header_row} 行），下面没有数据。'
        "请在标题下方填写收件人后重新上传。",
    ),
    "too_many_rows": (
        'The sheet "{sheet}" in {name} has {rows:,} rows; the limit is {limit:,}. '
        "Split the list into several files.",
        '{name} 的工作表"{sheet}"有 {rows:,} 行，上限为 {limit:,} 行。请拆分成多个文件。',
    ),
    "no_phone_column": (
        'No column in the sheet "{sheet}" looks like phone numbers. '
        "Name the phone column's header Phone or 手机号, or choose the column yourself.",
        '工作表"{sheet}"中没有看起来像手机号的列。请把号码列的标题改为"手机号"或 Phone，'
        "或手动选择号码列。",
    ),
    "far_cell": (
        'The sheet "{sheet}" in {name} has something typed far away from the list, '
        "as far as cell {cell}. Delete the rows and columns outside your list "
        "(Ctrl+End jumps to the last used cell), save, and upload again.",
        '{name} 的工作表"{sheet}"在远离名单的位置（最远到单元格 {cell}）有内容。'
        "请删除名单以外的行和列（按 Ctrl+End 可跳到最后一个使用的单元格），保存后重新上传。",
    ),
    "uncalculated": (
        'The sheet "{sheet}" in {name} has formulas whose results were never calculated '
        "(the first is in cell {cell}), so the file holds no values for them. This happens "
        "with files made by a program. Open the file in Excel, which calculates them, save it, "
        "and upload it again.",
        '{name} 的工作表"{sheet}"中有从未计算过的公式（第一个在单元格 {cell}），'
        "文件里没有它们的值。"
        "由程序生成的文件常有这种情况。请用 Excel 打开（Excel 会计算公式），保存后重新上传。",
    ),
    "not_text": (
        "{name} is named like a text (CSV) file but holds binary data. "
        "Export the list again as CSV or .xlsx and upload that.",
        "{name} 的扩展名是文本（CSV）文件，但内容是二进制数据。请重新导出为 CSV 或 .xlsx 后上传。",
    ),
}


class SpreadsheetError(InvalidInputError):
    """An upload that cannot be read; ``code`` names the problem."""

    def __init__(self, code: str, **params: Any) -> None:
        english, chinese = _MESSAGES[code]
        values = {
            "accepted": ACCEPTED_TEXT,
            "accepted_zh": ACCEPTED_TEXT_ZH,
            "what": "",
            "what_zh": "",
            **params,
        }
        values.setdefault("others", "")
        values.setdefault("others_zh", "")
        super().__init__(
            english.format(**values),
            message_zh=chinese.format(**values),
            field="file",
        )
        self.code = code
        self.params = params
