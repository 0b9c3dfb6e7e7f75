"""Chinese for the campaign pages: New campaign, Campaigns and the Stop list.

Also the words ``itnio_core.campaigns.results_workbook`` uses for a recipient's check and submit
status (``VERDICT_WORDS``, ``SUBMIT_WORDS``), which those pages show.
"""

TEXTS: dict[str, str] = {
    # ---------------------------------------------------------------- shared words
    "Row": "行号",
    "Phone as written": "原始号码",
    "Number": "号码",
    "Problem": "问题",
    "Recipients": "接收人",
    "Sender ID": "发送方 ID",
    "Message": "短信内容",
    "Message ID": "消息 ID",
    "Status": "状态",
    "Page": "页码",
    "Open": "打开",
    "unavailable": "暂不可用",
    # ---------------------------------------------------------------- verdicts and statuses
    "Ready to send": "可发送",
    "Invalid": "无效",
    "Duplicates": "重复",
    "On the stop list": "在退订名单上",
    "Empty": "空白",
    "OK": "正常",
    "Invalid number": "号码无效",
    "Duplicate": "重复",
    "Not sent": "未发送",
    "Not sent yet": "尚未发送",
    "Accepted by the platform": "平台已接收",
    "Refused by the platform": "平台已拒绝",
    "Unknown: the platform did not answer": "未知：平台未应答",
    "Cancelled": "已取消",
    "Draft (not confirmed)": "草稿（未确认）",
    "Scheduled": "已定时",
    "Starting": "正在启动",
    "Sending": "发送中",
    "Paused": "已暂停",
    "Stopped": "已停止",
    "Finished": "已完成",
    # ---------------------------------------------------------------- New campaign
    "Upload your list, check the numbers, write the message, then review exactly what will be "
    "sent. Nothing is sent until you confirm.": (
        "上传号码表，检查号码，编写短信，然后核对将要发送的全部内容。确认之前不会发送任何短信。"
    ),
    "1. Upload your list": "1. 上传号码表",
    "Spreadsheet with one phone number per row (.xlsx, .xls, .csv or .ods)": (
        "每行一个手机号码的表格（.xlsx、.xls、.csv 或 .ods）"
    ),
    "Starting from **{file}**: the {count} recipients whose messages failed, from a delivery "
    "report. Check them and the message below; nothing is sent until you confirm. Upload a "
    "file to use it instead.": (
        "来自送达报告的 **{file}**：{count} 个发送失败的接收人。请检查号码和下方的短信内容；"
        "确认之前不会发送。如需改用其他文件，请直接上传。"
    ),
    "Starting from **{file}**: the recipient whose message failed, from a delivery report. "
    "Check them and the message below; nothing is sent until you confirm. Upload a file to "
    "use it instead.": (
        "来自送达报告的 **{file}**：1 个发送失败的接收人。请检查号码和下方的短信内容；"
        "确认之前不会发送。如需改用其他文件，请直接上传。"
    ),
    "Any column layout works: the console finds the phone column for you.": (
        "任意列布局都可以：控制台会自动找到手机号码列。"
    ),
    "This workbook has several sheets. Which one holds the list?": (
        "此工作簿有多个工作表。号码在哪一个工作表中？"
    ),
    "Reading the spreadsheet…": "正在读取表格…",
    "sheet “{sheet}”, ": "工作表“{sheet}”，",
    "headers on row {row}": "表头在第 {row} 行",
    "no header row (columns named by letter)": "没有标题行（列以字母命名）",
    "{file}: {where}{rows} rows, {header}.": "{file}：{where}共 {rows} 行，{header}。",
    "2. Check the numbers": "2. 检查号码",
    "Phone number column": "手机号码列",
    "Choose the column with the phone numbers": "请选择手机号码所在的列",
    "Found automatically; change it if the console picked the wrong one.": (
        "已自动识别；如果选错了，请手动更改。"
    ),
    "Numbers like 07911 123456 or 98765 43210 need to know their country.": (
        "像 07911 123456 或 98765 43210 这样的号码需要知道所属国家。"
    ),
    "No column looks like phone numbers. Choose the column that holds them.": (
        "没有哪一列像手机号码。请选择号码所在的列。"
    ),
    "No row has a number that can be sent. Check the column and the country above, or fix the "
    "problem rows in your spreadsheet and upload it again.": (
        "没有任何一行的号码可以发送。请检查上方选择的列和国家，或在表格中修正问题行后重新上传。"
    ),
    "Every row has a valid number.": "每一行的号码都有效。",
    "**{count} row will not be sent.** It is listed by the row number you see in Excel. "
    "You can send to the others now, or fix this row and upload again.": (
        "**{count} 行不会发送。** 下面按 Excel 中显示的行号列出。"
        "您可以先发送其余号码，也可以修正这一行后重新上传。"
    ),
    "**{count} rows will not be sent.** They are listed by the row number you see in Excel. "
    "You can send to the others now, or fix these rows and upload again.": (
        "**{count} 行不会发送。** 下面按 Excel 中显示的行号列出。"
        "您可以先发送其余号码，也可以修正这些行后重新上传。"
    ),
    "Showing the first {shown}; the download has all {total}.": (
        "仅显示前 {shown} 行；下载的文件包含全部 {total} 行。"
    ),
    "Problem rows": "问题行",
    "Download the problem rows (.xlsx)": "下载问题行（.xlsx）",
    "3. Write the message": "3. 编写短信",
    "Campaign name (for your records)": "群发名称（供您记录）",
    "Sender ID (optional)": "发送方 ID（可选）",
    "The name or number shown as the sender, up to 32 characters. Leave empty for the "
    "account's default.": "显示为发件人的名称或号码，最多 32 个字符。留空则使用账户默认值。",
    "Hello {Name}, …": "您好 {Name}，…",
    "Name": "名称",
    "Put a column name in braces, like {{{column}}}, to fill it in from each row. Write "
    "{{{{ and }}}} for the braces themselves.": (
        "用花括号括住列名（如 {{{column}}}），即可为每行填入该列的内容。"
        "如需输入花括号本身，请写 {{{{ 和 }}}}。"
    ),
    "Columns you can use: {columns}": "可用的列：{columns}",
    "Order ids": "订单号",
    "Generate a unique order id for each message": "为每条短信自动生成唯一订单号",
    "The platform can carry your own id with each message. Pick a column that holds a unique "
    "id per row, or let the console make them.": (
        "平台可以为每条短信附带您自己的编号。请选择每行都有唯一编号的列，或让控制台自动生成。"
    ),
    "Write the message to see a preview.": "编写短信后即可看到预览。",
    "{count} rows cannot be sent with this message:": "使用此短信内容时，有 {count} 行无法发送：",
    "**{characters}** characters · **{encoding}** ({per} per part) · **{segments}** part per "
    "message (before filling in the columns)": (
        "**{characters}** 个字符 · **{encoding}**（每段 {per} 个字符）· 每条短信 **{segments}** 段"
        "（填入列内容之前）"
    ),
    "**{characters}** characters · **{encoding}** ({per} per part) · **{segments}** parts per "
    "message (before filling in the columns)": (
        "**{characters}** 个字符 · **{encoding}**（每段 {per} 个字符）· 每条短信 **{segments}** 段"
        "（填入列内容之前）"
    ),
    "These characters make the message use UCS-2, which fits fewer characters per part: "
    "{shown}": "以下字符会使短信改用 UCS-2 编码，每段可容纳的字符更少：{shown}",
    "Replace smart quotes, long dashes and special spaces": "替换中文引号、长破折号和特殊空格",
    "Preview: the first messages as they will be received": "预览：前几条短信的实际接收效果",
    "Row {row} · to {number}": "第 {row} 行 · 发送至 {number}",
    "Total parts (segments)": "总计费条数（分段）",
    "Account balance": "账户余额",
    "4. Review and send": "4. 核对并发送",
    "Review the campaign": "核对群发",
    "The campaign is saved as a draft for review; nothing is sent yet.": (
        "群发会先保存为草稿供您核对；此时不会发送任何短信。"
    ),
    "### Ready to send “{name}”": "### 准备发送“{name}”",
    "Parts (segments)": "计费条数（分段）",
    "default": "默认",
    "Balance": "余额",
    "**Sample message** (row {row}, to {number}):": (
        "**示例短信**（第 {row} 行，发送至 {number}）："
    ),
    "Sandbox mode: this campaign goes to the simulator, not to real phones.": (
        "沙盒模式：此群发只会发到模拟器，不会发到真实手机。"
    ),
    "This campaign goes to {count} people. Type the number of recipients to confirm": (
        "此群发将发送给 {count} 人。请输入接收人数以确认"
    ),
    "That is not {count}. Check the count and type it again.": (
        "输入的不是 {count}。请核对人数后重新输入。"
    ),
    "Schedule the campaign": "定时发送",
    "Send to {count} now": "立即发送给 {count} 人",
    "Send later": "稍后发送",
    "Day": "日期",
    "Time": "时间",
    "Times are in your time zone: {zone}.": "时间按您所在的时区：{zone}。",
    "That time has passed; the campaign would be sent at once.": "该时间已过；群发将立即发送。",
    # ---------------------------------------------------------------- Campaigns
    "There is no campaign number {number}.": "没有编号为 {number} 的群发。",
    "Start a new campaign": "新建群发",
    "No campaign has been sent yet.": "还没有发送过群发。",
    "Campaign": "群发",
    "Accepted": "已接收",
    "Refused": "被拒绝",
    "Unknown": "未知",
    "Created by": "创建人",
    "Created": "创建时间",
    "All campaigns": "全部群发",
    "Created {when}": "创建于 {when}",
    "by {user}": "创建人 {user}",
    "from {file}": "来源 {file}",
    "scheduled for {when}": "定时于 {when}",
    "Delivery report: who received it, who did not": "送达报告：谁收到了，谁没收到",
    "Sender ID: {sender}": "发送方 ID：{sender}",
    "account default": "账户默认",
    "**Status:** {badge}": "**状态：** {badge}",
    "{done} of {total} recipients sent to the platform": "已提交到平台 {done} / {total} 个接收人",
    "Sending stopped. {reason}": "发送已停止。{reason}",
    "{count} recipients are **unknown**: the platform did not answer for them, so nobody can "
    "tell whether their messages were sent. The console will never send them again by itself. "
    "Check their delivery report before sending to them again.": (
        "有 {count} 个接收人状态**未知**：平台没有应答，因此无法确定短信是否已发出。"
        "控制台绝不会自动重发。再次发送前，请先查看他们的送达报告。"
    ),
    "Updated {when}. This page refreshes itself.": "更新于 {when}。本页会自动刷新。",
    "Pause": "暂停",
    "Resume": "继续",
    "Sends the recipients not sent yet. Unknown ones are never sent again.": (
        "继续发送尚未发送的接收人。状态未知的不会再次发送。"
    ),
    "I want to cancel": "我要取消",
    "Cancel the rest": "取消剩余发送",
    "Recipients not sent yet are cancelled; messages already sent stay sent.": (
        "尚未发送的接收人将被取消；已发送的短信不受影响。"
    ),
    "Download results (.xlsx)": "下载发送结果（.xlsx）",
    "Show": "显示",
    "All": "全部",
    "No recipient matches.": "没有符合条件的接收人。",
    "Check": "检查结果",
    "Order id": "订单号",
    "Submit status": "提交状态",
    "Error": "错误",
    "Page {page} of {pages}, {size} rows per page.": (
        "第 {page} 页，共 {pages} 页，每页 {size} 行。"
    ),
    # ---------------------------------------------------------------- Stop list
    "People who asked not to receive messages. **{count}** numbers are on the list; every "
    "campaign leaves them out and shows them as “On the stop list”.": (
        "要求不再接收短信的用户。名单上共有 **{count}** 个号码；"
        "每次群发都会排除这些号码，并标记为“在退订名单上”。"
    ),
    "Add numbers": "添加号码",
    "Import from a spreadsheet": "从表格导入",
    "Numbers, one per line": "号码，每行一个",
    "Note (optional)": "备注（可选）",
    "e.g. replied STOP on 3 May": "例如：5 月 3 日回复了 TD",
    "Add to the stop list": "加入退订名单",
    "Spreadsheet with the numbers (.xlsx, .xls, .csv or .ods)": (
        "包含号码的表格（.xlsx、.xls、.csv 或 .ods）"
    ),
    "No column in this file looks like phone numbers.": "此文件中没有哪一列像手机号码。",
    "{rows} rows; numbers taken from the column “{column}”.": (
        "共 {rows} 行；号码取自“{column}”列。"
    ),
    "Import these numbers": "导入这些号码",
    "imported from {file}": "从 {file} 导入",
    "Added {added} numbers ({already} were already on the list).": (
        "已添加 {added} 个号码（另有 {already} 个已在名单上）。"
    ),
    "Added {added} numbers.": "已添加 {added} 个号码。",
    "line {n} ({raw}): {reason}": "第 {n} 行（{raw}）：{reason}",
    "row {n} ({raw}): {reason}": "第 {n} 行（{raw}）：{reason}",
    "{count} could not be added: {shown} and {more} more.": (
        "有 {count} 个无法添加：{shown}，另有 {more} 个。"
    ),
    "{count} could not be added: {shown}.": "有 {count} 个无法添加：{shown}。",
    "On the list": "名单上的号码",
    "Search by number": "按号码搜索",
    "No number matches.": "没有匹配的号码。",
    "The stop list is empty.": "退订名单为空。",
    "Added": "添加时间",
    "By": "操作人",
    "Note": "备注",
    "Remove numbers from the list": "从名单中移除号码",
    "Remove selected": "移除所选号码",
    "Removed {count} numbers.": "已移除 {count} 个号码。",
}
