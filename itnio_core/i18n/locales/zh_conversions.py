"""Chinese for the conversion (backfill) pages and the conversion words of the core.

"Report a conversion" is 回传转化, as in the navigation; msgid stays ``msgid``.
"""

TEXTS: dict[str, str] = {
    # ---------------------------------------------------------------- page
    "Report conversions": "回传转化",
    "Tell the platform when a customer used a code or acted on a message, so it can tune its "
    "routes. Each message id is reported once, however often you try.": (
        "当客户使用了验证码或对消息做出响应时告知平台，以便平台优化通道。"
        "每个消息 ID 只回传一次，无论您尝试多少次。"
    ),
    "One conversion": "单条回传",
    "From a spreadsheet": "从表格回传",
    "From a campaign": "从群发活动回传",
    "Reported": "已回传",
    "Message id (msgid)": "消息 ID（msgid）",
    "The msgId of an SMS, or the verificationId of an OTP.": (
        "短信的 msgId，或验证码的 verificationId。"
    ),
    "Phone number it was sent to": "接收号码",
    "The code was used just now": "验证码刚刚被使用",
    "When was it used? ({zone})": "使用时间（{zone}）",
    "Report the conversion": "回传转化",
    "Pick when the code was used.": "请选择验证码的使用时间。",
    "Upload a spreadsheet with a **msgid**, a **number** and a **time** column. Times can be "
    "Excel dates, text like 2024-05-01 14:03 (with or without a time zone), or epoch seconds or "
    "milliseconds. Every row is checked first; nothing is sent until you start.": (
        "上传包含 **msgid**、**号码**和**时间**三列的表格。时间可以是 Excel 日期、"
        "类似 2024-05-01 14:03 的文本（可带或不带时区），或以秒、毫秒为单位的时间戳。"
        "系统会先逐行检查；在您点击开始之前不会发送任何内容。"
    ),
    "Spreadsheet of conversions (.xlsx, .xls, .csv or .ods)": (
        "转化表格（.xlsx、.xls、.csv 或 .ods）"
    ),
    "A row is never reported twice. Upload another file to report more.": (
        "同一行不会被回传两次。如需回传更多，请上传另一个文件。"
    ),
    "Choose the column": "选择列",
    "msgid column": "msgid 所在列",
    "Number column": "号码所在列",
    "Time column": "时间所在列",
    "Times written without a time zone are read as {zone} time.": (
        "未写时区的时间按 {zone} 时间读取。"
    ),
    "Choose the three columns to check the rows.": "请选择这三列以检查各行。",
    "Ready to report": "待回传",
    "Has a problem": "有问题",
    "Duplicates": "重复",
    "Already reported": "已回传过",
    "Report {count} conversions": "回传 {count} 条转化",
    "Results of the conversion report": "转化回传结果",
    "{finished} of {worked} conversions reported": "已回传 {finished} / {worked} 条转化",
    "Row": "行号",
    "Number": "号码",
    "Conversion report": "回传",
    "Problem or error": "问题或错误",
    # ---------------------------------------------------------------- campaign and reported lists
    "No campaign has been sent yet.": "还没有发送过群发。",
    "Campaign": "群发",
    "This campaign has no message accepted by the platform yet.": (
        "该群发活动尚无平台已接收的消息。"
    ),
    "Select the messages whose recipients converted, then report them in one step.": (
        "选择接收人已转化的消息，然后一次性回传。"
    ),
    "Report the {count} selected as converted now": "将选中的 {count} 条立即回传为已转化",
    "Select messages to report them": "选择要回传的消息",
    "Message ID": "消息 ID",
    "{count} reported": "{count} 条已回传",
    "{count} already reported before (not sent twice)": "{count} 条之前已回传（不会重复发送）",
    "{count} not reported: {error}": "{count} 条未回传：{error}",
    "{parts}.": "{parts}。",
    "; ": "；",
    "Search by msgid or number": "按 msgid 或号码搜索",
    "No conversion reported yet.": "尚未回传过转化。",
    "Nothing matches.": "没有匹配的结果。",
    "Reported at": "回传时间",
    "By": "操作人",
    "From": "来源",
    "Used at": "使用时间",
    "Status": "状态",
    "Error": "错误",
    "OTP": "验证码",
    "Spreadsheet": "表格",
    "command line": "命令行",
    # ---------------------------------------- states (itnio_core.conversions.backfill)
    "Reporting…": "回传中…",
    "Not reported": "未回传",
    "Unknown: no answer came": "未知：未收到响应",
    "Message {msgid} was already reported on {when}; not sent again.": (
        "消息 {msgid} 已于 {when} 回传过，不再重复发送。"
    ),
    "An earlier report of {msgid} got no answer, so it is not sent again: nobody can tell "
    "whether the platform recorded it.": (
        "之前回传 {msgid} 时未收到平台响应，因此不会再次发送：无法确定平台是否已记录。"
    ),
    "Message {msgid} is being reported right now; not sent twice.": (
        "消息 {msgid} 正在回传中，不会重复发送。"
    ),
    "Conversion reported for message {msgid} ({number}).": "已为消息 {msgid}（{number}）回传转化。",
    "The conversion was not reported.": "转化未回传。",
    # ---------------------------------------------------------------- spreadsheet rows (otp_sheets)
    "Number: {reason}": "号码：{reason}",
    "The msgid is empty.": "msgid 为空。",
    "The msgid has spaces or is over 64 characters.": "msgid 含空格或超过 64 个字符。",
    "Time: {reason}": "时间：{reason}",
    "Time: “{raw}” is not a date that exists.": "时间：“{raw}”不是真实存在的日期。",
    "Time: “{raw}” is before the year 2000; check the time column.": (
        "时间：“{raw}”早于 2000 年，请检查时间列。"
    ),
    "Time: “{raw}” is in the future.": "时间：“{raw}”是将来的时间。",
    "Same msgid as row {row}; reported once.": "与第 {row} 行的 msgid 相同，只回传一次。",
    "Already reported on {when}; not reported twice.": "已于 {when} 回传过，不会重复回传。",
    "Already reported; not reported twice.": "已回传过，不会重复回传。",
    "An earlier report got no answer; it is not sent again automatically.": (
        "之前的回传未收到响应，不会自动重新发送。"
    ),
    "Being reported right now.": "正在回传中。",
}
