"""Chinese for the OTP pages (send, look up, history, bulk jobs) and the OTP words of the core.

Terms follow the platform's own Chinese documents: 验证码, 校验成功/未校验/校验失败
(``matched``), 流水号 for orderId (kept as ``orderId`` on screen), 短信, 语音, 静默网络
登录 (SNA), 提交/发送/完成时间.
"""

TEXTS: dict[str, str] = {
    # ---------------------------------------------------------------- channels (itnio_core.otp.send)
    "SMS": "短信",
    "Voice call": "语音电话",
    "Silent network (SNA)": "静默网络登录（SNA）",
    "A text message with the code. Works on every mobile phone.": (
        "通过短信发送验证码，所有手机都能收到。"
    ),
    "A voice call that reads the code aloud. For landlines, or when texts do not arrive.": (
        "通过语音电话播报验证码。适用于固定电话，或短信收不到的情况。"
    ),
    "Silent network check: the phone opens a link over mobile data and is verified without "
    "typing a code. Needs mobile data, not Wi-Fi.": (
        "静默网络校验：手机通过移动数据打开一个链接即可完成验证，无需输入验证码。"
        "需要使用移动数据，不能用 Wi-Fi。"
    ),
    # ---------------------------------------------------------------- send
    "Send one verification code to test a template or a flow, or to help a customer who says "
    "the code never came. Every send is kept in the OTP history.": (
        "发送一条验证码，用于测试模板或任务流，或帮助说没收到验证码的客户排查问题。"
        "每次发送都会保存在验证码记录中。"
    ),
    "Sandbox: numbers ending in 9 fail; the others are delivered after a few seconds. "
    "A number gets at most 5 codes in 10 minutes.": (
        "沙盒：尾号为 9 的号码会发送失败，其他号码几秒后送达。"
        "同一号码 10 分钟内最多收到 5 条验证码。"
    ),
    "Flow id (optional)": "任务流 ID（可选）",
    "none": "无",
    "The verification flow's number, if your account uses flows.": (
        "验证任务流的编号（如果您的账户使用任务流）。"
    ),
    "Your reference for this send; the platform needs it to be globally unique. One is made "
    "for you; you can type your own.": (
        "本次发送的自定义流水号，平台要求全局唯一。系统已为您生成一个，您也可以自行填写。"
    ),
    "Send the code": "发送验证码",
    "New orderId": "新的 orderId",
    "Make a fresh unique orderId for the next send.": "为下一次发送生成一个新的唯一 orderId。",
    "Recipient's phone number": "接收号码",
    "With its country code, or pick the country for numbers written without one.": (
        "请带上国家区号；号码未带区号时，请选择国家。"
    ),
    "Channel": "通道",
    "Template id": "模板 ID",
    "The OTP template's number, from the ITNIO console.": (
        "验证码模板的编号，可在 ITNIO 控制台查看。"
    ),
    "Code length (digits)": "验证码位数",
    "A secure random code of this length is made for you when you send.": (
        "发送时会自动生成一个该位数的安全随机验证码。"
    ),
    "Or type the code (optional)": "或手动输入验证码（可选）",
    "Leave empty to generate one": "留空则自动生成",
    "4 to 10 digits. Leave empty to get a secure random code.": (
        "4 到 10 位数字。留空则生成安全随机验证码。"
    ),
    "Result": "结果",
    "This orderId was already used at {when}, so nothing was sent again (a double click sends "
    "once). Its send is shown below.": (
        "该 orderId 已于 {when} 使用过，因此没有重复发送（重复点击只会发送一次）。"
        "下方显示的是那次发送。"
    ),
    "**Unknown outcome.** {why}": "**结果未知。** {why}",
    "This code is being sent right now.": "验证码正在发送中。",
    "**The code was not sent (code {code}).** {why}": "**验证码未发送（状态码 {code}）。** {why}",
    "**The code was not sent.** {why}": "**验证码未发送。** {why}",
    "Nothing was sent to {number}; nothing to look up.": (
        "没有向 {number} 发送任何内容，无需查询。"
    ),
    "The platform accepted the code for {number} by {channel}.": (
        "平台已接收发往 {number} 的验证码（{channel}）。"
    ),
    "The phone must open this link over **mobile data** (not Wi-Fi) to be verified:": (
        "手机需通过**移动数据**（不能用 Wi-Fi）打开此链接才能完成验证："
    ),
    "Open the SNA link": "打开 SNA 链接",
    "Code sent: **`{code}`** (shown once, here only; it is not stored).": (
        "已发送的验证码：**`{code}`**（仅在此显示一次，不会保存）。"
    ),
    "Number": "号码",
    "Flow id": "任务流 ID",
    "Look up this OTP: delivery, verification and every attempt": (
        "查询此验证码：送达、校验情况和每次发送记录"
    ),
    # ---------------------------------------------------------------- look up
    "One orderId": "单个 orderId",
    "Many, from a spreadsheet": "批量（上传表格）",
    "Or pick one of your recent sends": "或从最近的发送中选择",
    "Recent sends, newest first": "最近的发送，最新的在前",
    "Look up": "查询",
    "Looked up at {when} for orderId `{order}`.": "已于 {when} 查询 orderId `{order}`。",
    "In your OTP history: {when}, by {user}, {channel}, template {template}. Status: {status}.": (
        "验证码记录中：{when}，由 {user} 发送，{channel}，模板 {template}。状态：{status}。"
    ),
    "this console": "本控制台",
    "Look up again": "重新查询",
    "Report as converted (the code was used)": "回传转化（验证码已使用）",
    "Tells the platform the customer used this code, now.": (
        "告知平台客户已使用此验证码（时间为现在）。"
    ),
    "Upload a spreadsheet with one orderId per row. Each is looked up in the background; you "
    "get your spreadsheet back with the result of each row added.": (
        "上传每行一个 orderId 的表格。系统会在后台逐一查询，"
        "并在您的表格中为每行添加查询结果后返还给您。"
    ),
    "Spreadsheet of orderIds (.xlsx, .xls, .csv or .ods)": (
        "orderId 表格（.xlsx、.xls、.csv 或 .ods）"
    ),
    "Upload another file to look up more.": "如需查询更多，请上传另一个文件。",
    "orderId column": "orderId 所在列",
    "To look up": "待查询",
    "Has a problem": "有问题",
    "Duplicates": "重复",
    "Look up {count} orderIds": "查询 {count} 个 orderId",
    "Results of the bulk lookup": "批量查询结果",
    "{finished} of {worked} orderIds looked up": "已查询 {finished} / {worked} 个 orderId",
    "Row": "行号",
    "Lookup": "查询",
    "Problem or error": "问题或错误",
    # ---------------------------------------------------------------- one record (_otp_record)
    "**{result}.** {meaning}": "**{result}。** {meaning}",
    "Verification": "校验结果",
    "Timeline": "时间线",
    "Calls": "语音电话",
    "SNA checks": "静默网络校验",
    "The platform's answer, as sent": "平台返回的原始数据",
    "No attempt has a time yet.": "暂无带时间的发送记录。",
    "When": "时间",
    "What": "事件",
    "{time} (unreadable)": "{time}（无法识别）",
    "**Attempt {n}**": "**第 {n} 次**",
    # ---------------------------------------------------------------- history
    "OTP history": "验证码记录",
    "Every code sent from this console (the app and the command line), newest first. Numbers "
    "are masked; search with the whole number or part of an orderId.": (
        "本控制台（网页和命令行）发送的所有验证码，最新的在前。号码已脱敏；"
        "可用完整号码或 orderId 的一部分搜索。"
    ),
    "Search by number or orderId": "按号码或 orderId 搜索",
    "919876543210 or otp-1714…": "919876543210 或 otp-1714…",
    "No send matches that number or orderId.": "没有与该号码或 orderId 匹配的发送。",
    "No OTP has been sent yet.": "尚未发送过验证码。",
    "Send an OTP": "发送验证码",
    "Open": "打开",
    "Showing the newest {count}; search to find older sends.": (
        "仅显示最新的 {count} 条；更早的发送请通过搜索查找。"
    ),
    "Report the {count} selected as converted": "将选中的 {count} 条回传为已转化",
    "Select sends to report them as converted": "选择要回传转化的发送",
    "Tells the platform these codes were used, now. Each is reported once.": (
        "告知平台这些验证码已使用（时间为现在）。每条只回传一次。"
    ),
    "Update delivery and verification of the {count} listed": "更新所列 {count} 条的送达和校验状态",
    "Looks up each record in the background; the funnel below uses what it finds.": (
        "在后台逐条查询记录；下方的漏斗使用查询到的结果。"
    ),
    "Yes": "是",
    "No": "否",
    "not looked up": "未查询",
    "command line": "命令行",
    "Sent at": "发送时间",
    "Status": "状态",
    "Delivered": "已送达",
    "Reported": "已回传",
    "By": "操作人",
    "{count} reported": "{count} 条已回传",
    "{count} already reported before (not sent twice)": "{count} 条之前已回传（不会重复发送）",
    "{count} not reported: {error}": "{count} 条未回传：{error}",
    "{parts}.": "{parts}。",
    "; ": "；",
    "Updating delivery and verification": "正在更新送达和校验状态",
    "{finished} of {worked} records looked up": "已查询 {finished} / {worked} 条记录",
    "Funnel": "转化漏斗",
    "**Sent** counts codes the platform accepted. **Delivered** and **verified** come from each "
    "send's last lookup (use “Update delivery and verification” above). **Reported** counts "
    "conversions reported for the send. Rates are shares of sent.": (
        "**已发送**为平台已接收的验证码数量。**已送达**和**已验证**来自每次发送最近一次的查询结果"
        "（请使用上方的“更新送达和校验状态”）。"
        "**已回传**为已回传转化的发送数量。比例均以已发送为基数。"
    ),
    "Period": "时间范围",
    "Last 7 days": "最近 7 天",
    "Last 30 days": "最近 30 天",
    "Last 90 days": "最近 90 天",
    "Everything": "全部",
    "in this period": "本时间段内",
    "{rate} of sent": "占已发送的 {rate}",
    "Nothing sent in this period yet.": "本时间段内尚无发送。",
    "By day ({zone})": "按日（{zone}）",
    "By country code": "按国家代码",
    # funnel tables (itnio_core.otp.funnel)
    "Sent": "已发送",
    "Verified": "已验证",
    "Stage": "阶段",
    "Count": "数量",
    "Rate %": "比例 %",
    "Day": "日期",
    "Country code": "国家代码",
    "Delivered %": "已送达 %",
    "Verified %": "已验证 %",
    "Reported %": "已回传 %",
    "unknown": "未知",
    # ---------------------------------------------------------------- uploads and jobs (_otp_jobs)
    "Reading the spreadsheet…": "正在读取表格…",
    "headers on row {row}": "表头在第 {row} 行",
    "This file was started as job #{job}, shown below. {again}": (
        "此文件已作为任务 #{job} 开始处理，见下方。{again}"
    ),
    "Every row is ready to be looked up.": "所有行都可以查询。",
    "Every row is ready to be reported.": "所有行都可以回传。",
    "**{count} rows will not be looked up.** They are listed by the row number you see in "
    "Excel.": "**{count} 行不会被查询。** 以下按 Excel 中的行号列出。",
    "**{count} rows will not be reported.** They are listed by the row number you see in "
    "Excel.": "**{count} 行不会被回传。** 以下按 Excel 中的行号列出。",
    "Verdict": "检查结果",
    "Problem": "问题",
    "Value": "值",
    "Showing the first 500; the download has all {count}.": (
        "仅显示前 500 行；下载文件包含全部 {count} 行。"
    ),
    "Download the problem rows (.xlsx)": "下载问题行（.xlsx）",
    "Job #{job} · {file} · started {when} by {user}": (
        "任务 #{job} · {file} · {user} 于 {when} 开始"
    ),
    "no file": "无文件",
    "Download the results (.xlsx)": "下载结果（.xlsx）",
    "Your spreadsheet with result columns added on each row.": "在您的表格每行后添加结果列。",
    "Done": "已完成",
    "Failed": "失败",
    "Unknown": "未知",
    "Skipped": "已跳过",
    "This job was interrupted (the console restarted). Rows already done stay done; continue "
    "to do the rest.": "此任务已中断（控制台重启过）。已完成的行保持不变；点击继续处理剩余的行。",
    "Continue": "继续",
    "Finished at {when}.": "完成于 {when}。",
    "{count} rows got no answer from the platform. They are not sent again automatically; "
    "check them before trying again.": (
        "{count} 行未收到平台响应。系统不会自动重新发送；请先核实后再重试。"
    ),
    # row states (itnio_core.bulk.jobs.ROW_WORDS) and verdicts (otp_sheets.VERDICT_WORDS)
    "Waiting": "等待中",
    "In progress": "处理中",
    "Unknown: no answer came": "未知：未收到响应",
    "Ready": "就绪",
    "Duplicate": "重复",
    # send states (itnio_core.otp.store.STATE_WORDS)
    "Sending…": "发送中…",
    "Accepted by the platform": "平台已接收",
    "Not sent": "未发送",
    # ---------------------------------------- OTP record words (otp_records)
    "No result given": "未返回结果",
    "Unexpected result {code}": "未知结果 {code}",
    "Unexpected status": "未知状态",
    "The code went out, but nobody has reported it used yet. When the customer enters it, "
    "report a conversion.": "验证码已发出，但尚未回传使用情况。客户输入验证码后，请回传转化。",
    "The code was used: the verification succeeded.": "验证码已使用：校验成功。",
    "The code is still on its way to the phone.": "验证码仍在发往手机的途中。",
    "The verification failed: the code did not reach the phone, or the check failed.": (
        "校验失败：验证码未送达手机，或校验未通过。"
    ),
    "The platform has no send with this orderId. Check the orderId; a code sent seconds ago "
    "may need a moment.": (
        "平台没有此 orderId 的发送记录。请检查 orderId；几秒前刚发送的验证码可能需要稍等片刻。"
    ),
    "Sending": "发送中",
    "Not verified": "未验证",
    "Answered (0)": "已接听（0）",
    "Calling (-1)": "呼叫中（-1）",
    "Not answered ({code})": "未接听（{code}）",
    "account default": "账户默认",
    "Verified at": "校验时间",
    "Receiving number": "接收号码",
    "Reason": "原因",
    "Submitted (time)": "提交时间",
    "Sent (time)": "发送时间",
    "Done (time)": "完成时间",
    "Called (time)": "呼叫时间",
    "Ringing (time)": "响铃时间",
    "Answered (time)": "接听时间",
    "Hung up (time)": "挂断时间",
    "Operator MCC": "运营商 MCC",
    "Operator MNC": "运营商 MNC",
    "Sender": "发送者 ID",
    "Billed parts": "计费条数",
    "Cost (USD)": "消费金额（美元）",
    "Termination reason": "状态说明",
    "Call duration (s)": "通话时长（秒）",
    "Billed duration (s)": "计费时长（秒）",
    "Number shown to the caller": "显示号码",
    "Billing period": "计费周期",
    "Supplier region code": "地区供应商代码",
    "Rate (USD)": "费率（美元）",
    "Check requested": "请求校验时间",
    "Answer received": "校验结果返回时间",
    "SMS {n}": "短信 {n}",
    "Call": "语音电话",
    "Call {n}": "语音电话 {n}",
    "SNA check": "静默网络校验",
    "SNA check {n}": "静默网络校验 {n}",
    "{name} submitted": "{name}已提交",
    "{name} sent to the operator": "{name}已发送至运营商",
    "{name} sending": "{name}发送中",
    "{name} delivered": "{name}已送达",
    "{name} failed": "{name}发送失败",
    "{name} finished": "{name}已完成",
    "{name} dialled": "{name}已拨出",
    "{name} ringing": "{name}开始响铃",
    "{name} answered": "{name}已接听",
    "{name} hung up: {reason}": "{name}已挂断：{reason}",
    "no reason given": "未说明原因",
    "{name} requested": "{name}已发起",
    "{name} answered: {status}": "{name}返回结果：{status}",
    "Code verified": "验证码校验成功",
    "No SMS attempt.": "没有短信发送记录。",
    "No call attempt.": "没有语音电话记录。",
    "No SNA check.": "没有静默网络校验记录。",
    # ---------------------------------------- lookup spreadsheet rows (otp_sheets)
    "The orderId is empty.": "orderId 为空。",
    "This is not an orderId: it has spaces.": "这不是 orderId：其中含有空格。",
    "The {what} is {length} characters long; the limit is {limit}.": "{what} 有 {length} 个字符，上限为 {limit} 个。",
    "The msgid has spaces.": "msgid 含有空格。",
    "This is not an orderId (spaces, or over 64 characters).": (
        "这不是有效的 orderId（含空格或超过 64 个字符）。"
    ),
    "Same orderId as row {row}; looked up once.": "与第 {row} 行的 orderId 相同，只查询一次。",
}
