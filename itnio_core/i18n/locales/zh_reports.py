"""Chinese for the Delivery reports pages: the list, one report, its charts, table and files.

The status words and their meanings are ``itnio_core.reports.statuses.WORDS``/``MEANINGS``.
"""

TEXTS: dict[str, str] = {
    # ---------------------------------------------------------------- the list of reports
    "See how many messages arrived, which failed and which are still on their way, and "
    "download the report as a spreadsheet.": (
        "查看有多少短信已送达、哪些发送失败、哪些仍在发送中，并可将报告下载为表格。"
    ),
    "There is no list of message IDs number {number}.": "没有编号为 {number} 的消息 ID 列表。",
    "Check message IDs": "查询消息 ID",
    "Paste message IDs": "粘贴消息 ID",
    "Upload a spreadsheet": "上传表格",
    "Message IDs, separated by commas, spaces or new lines": "消息 ID，用逗号、空格或换行分隔",
    "Check these messages": "查询这些短信",
    "A spreadsheet with a column of message IDs (.xlsx, .xls, .csv or .ods). The results file "
    "from a campaign's page works as it is.": (
        "包含消息 ID 列的表格（.xlsx、.xls、.csv 或 .ods）。群发页面下载的发送结果文件可直接使用。"
    ),
    "Check the messages in this file": "查询此文件中的短信",
    "Choose a spreadsheet first.": "请先选择一个表格。",
    "No message ID could be used:": "没有可用的消息 ID：",
    "1 pasted message ID": "粘贴的 1 个消息 ID",
    "{count} pasted message IDs": "粘贴的 {count} 个消息 ID",
    "1 repeated ID was counted once": "1 个重复的 ID 只计一次",
    "{count} repeated IDs were counted once": "{count} 个重复的 ID 只计一次",
    "1 entry was not a message ID and skipped": "1 项不是消息 ID，已跳过",
    "{count} entries were not a message ID and skipped": "{count} 项不是消息 ID，已跳过",
    "Campaign reports": "群发报告",
    "No campaign has been sent yet. Their reports appear here once they are.": (
        "还没有发送过群发。群发发送后，报告会显示在这里。"
    ),
    "Report": "报告",
    "Sent at": "发送时间",
    "Message IDs checked before": "以前查询过的消息 ID",
    "Messages": "短信数",
    # ---------------------------------------------------------------- one report
    "All reports": "全部报告",
    "Delivery report: {title}": "送达报告：{title}",
    "Status words": "状态用语",
    "The language of the status words on this page and in the downloaded files.": (
        "本页和下载文件中状态用语所用的语言。"
    ),
    "What the statuses mean": "各状态的含义",
    "{count} recipients · created {when} · campaign status: {status}": (
        "{count} 个接收人 · 创建于 {when} · 群发状态：{status}"
    ),
    "Open the campaign": "打开群发",
    "{count} message IDs from {file} · added {when}": (
        "{count} 个消息 ID，来自 {file} · 添加于 {when}"
    ),
    "{count} message IDs · added {when}": "{count} 个消息 ID · 添加于 {when}",
    "No message of this campaign has reached the platform yet. The report fills in as the "
    "campaign is sent.": "此群发还没有短信提交到平台。报告会随着群发的进行逐步更新。",
    "Asking the platform about {asked} messages… {done} answered so far.": (
        "正在向平台查询 {asked} 条短信…… 已返回 {done} 条。"
    ),
    "The last check did not finish: {error}": "上次查询未完成：{error}",
    "Statuses as of the check at {when}. ": "状态以 {when} 的查询为准。",
    "Not checked yet. ": "尚未查询。",
    "{as_of}Last refreshed {now}. This page refreshes itself every {seconds} seconds while "
    "messages are still sending.": (
        "{as_of}最近刷新：{now}。仍有短信在发送时，本页每 {seconds} 秒自动刷新一次。"
    ),
    "{as_of}Last refreshed {now}. Nothing is waiting for an answer, so the page no longer "
    "refreshes by itself; use “Check now” to ask the platform again.": (
        "{as_of}最近刷新：{now}。已没有等待回执的短信，本页不再自动刷新；"
        "如需再次向平台查询，请点击“立即查询”。"
    ),
    "of all": "占全部",
    "Check now": "立即查询",
    "Checking…": "查询中…",
    "Ask the platform again about every message without a final status.": (
        "再次向平台查询所有尚无最终状态的短信。"
    ),
    "Resend to failed ({count})": "重发失败的短信（{count}）",
    "Starts a new campaign with only the failed recipients. You check, write and confirm it as "
    "usual; nothing is sent from here.": (
        "只用发送失败的接收人新建一个群发。您照常检查、编写并确认；此处不会发送任何短信。"
    ),
    # ---------------------------------------------------------------- summary sentences
    "**{n}** were delivered ({share})": "已送达 **{n}** 条（{share}）",
    "**{n}** was delivered ({share})": "已送达 **{n}** 条（{share}）",
    "**{n}** is still sending ({share})": "发送中 **{n}** 条（{share}）",
    "**{n}** is not found yet ({share})": "暂未查到 **{n}** 条（{share}）",
    "**{n}** is not checked yet ({share})": "尚未查询 **{n}** 条（{share}）",
    "Of **{total}** message, {listed}.": "共 **{total}** 条短信：{listed}。",
    "Not checked yet: checking {count} messages…": "尚未查询：正在查询 {count} 条短信…",
    "**{n}** failed ({share})": "发送失败 **{n}** 条（{share}）",
    "**{n}** are still sending ({share})": "发送中 **{n}** 条（{share}）",
    "**{n}** are not found yet ({share})": "暂未查到 **{n}** 条（{share}）",
    "**{n}** are not checked yet ({share})": "尚未查询 **{n}** 条（{share}）",
    "{first} and {last}": "{first}，{last}",
    "Of **{total}** messages, {listed}.": "共 **{total}** 条短信：{listed}。",
    "Nothing changed since the previous check ({when}).": "与上次查询（{when}）相比没有变化。",
    "{count} more {status}": "{status} +{count}",
    "{count} fewer {status}": "{status} -{count}",
    "Since the previous check ({when}): {changes}.": "与上次查询（{when}）相比：{changes}。",
    # ---------------------------------------------------------------- charts and table
    "**Over time**": "**随时间变化**",
    "**By country**": "**按国家/地区**",
    "Filled in after the first check.": "首次查询后显示。",
    "Checked at ({zone})": "查询时间（{zone}）",
    "All statuses": "全部状态",
    "Country": "国家/地区",
    "All countries": "全部国家/地区",
    "Search": "搜索",
    "Part of a phone number or message ID": "手机号码或消息 ID 的一部分",
    "Only messages whose status changed in the latest check": (
        "只显示最近一次查询中状态有变化的短信"
    ),
    "{matching} messages match. Page {page} of {pages}, {size} per page.": (
        "共 {matching} 条短信符合条件。第 {page} 页，共 {pages} 页，每页 {size} 条。"
    ),
    "No message matches.": "没有符合条件的短信。",
    "Phone number": "手机号码",
    "Delivered or failed at ({zone})": "送达或失败时间（{zone}）",
    "Status since ({zone})": "状态更新时间（{zone}）",
    # ---------------------------------------------------------------- files
    "Download .xlsx": "下载 .xlsx",
    "Download .csv": "下载 .csv",
    "Writing the .{fmt}: {written} of {total} rows": "正在生成 .{fmt}：{written} / {total} 行",
    "Compressing the .{fmt}…": "正在压缩 .{fmt}…",
    "Prepare the .{fmt}": "生成 .{fmt}",
    "Prepare the .{fmt} again": "重新生成 .{fmt}",
    "{total} messages: the file is written in the background; the download appears here when "
    "it is ready.": "共 {total} 条短信：文件在后台生成，生成后会在这里出现下载按钮。",
}
