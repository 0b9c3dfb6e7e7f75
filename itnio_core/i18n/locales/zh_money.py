"""Chinese for money before sending: the estimate and the balance guard on New campaign, a
campaign's cost and its wait for a top-up, the Prices and Spend pages, the spending cap."""

TEXTS: dict[str, str] = {
    # ---------------------------------------------------------------- navigation
    "Prices": "价格",
    "Spend": "花费",
    # ---------------------------------------------------------------- New campaign
    "#### Cost estimate, by destination country": "#### 费用预估（按目的国家）",
    "**Estimated total: at least {total} {currency}**": "**预估总额：至少 {total} {currency}**",
    "**Estimated total: {total} {currency}**": "**预估总额：{total} {currency}**",
    "**Parts per message**": "**每条短信的段数**",
    "**{characters}** characters · **{encoding}** ({per} per part) · **{segments}** part per "
    "message, without the placeholders": "**{characters}** 个字符 · **{encoding}**（每段 {per} "
    "个字符）· 每条短信 **{segments}** 段（不含占位符）",
    "**{characters}** characters · **{encoding}** ({per} per part) · **{segments}** parts per "
    "message, without the placeholders": "**{characters}** 个字符 · **{encoding}**（每段 {per} "
    "个字符）· 每条短信 **{segments}** 段（不含占位符）",
    "Balance read from the platform at {time}; it is read again when you confirm.": (
        "余额于 {time} 从平台读取；确认发送时会再次读取。"
    ),
    "Chinese text: up to 70 characters per part.": "中文短信：每段最多 70 个字符。",
    "Cost ({currency})": "费用（{currency}）",
    "No price is known for {countries}, so the total leaves them out: it is a lower bound. An "
    "administrator can add their prices in Settings › Prices.": (
        "{countries} 没有价格，总额未计入这些国家，因此只是最低估计。管理员可以在“设置 › 价格”中添加价格。"
    ),
    "Parts": "段数",
    "Placeholders are counted with each row's own values at review.": (
        "占位符在审核时按每一行的实际内容计算。"
    ),
    "Price from": "价格来源",
    "Price per part": "每段价格",
    "Read the balance again": "重新读取余额",
    "Send anyway, until the balance runs out (administrators; recorded in the audit log)": (
        "仍然发送，直到余额用完（仅管理员；记入审计日志）"
    ),
    "The balance could not be read: {reason}": "无法读取余额：{reason}",
    "The balance covers this campaign: {total} of {available} USD (balance plus credit).": (
        "余额足够本次群发：{total} / {available} USD（余额加信用额度）。"
    ),
    "The campaign pauses when the platform says the balance is too low, and waits for a "
    "top-up; nothing is sent twice.": "平台提示余额不足时，群发会暂停并等待充值；不会重复发送。",
    "The price list is in {currency} and the balance in USD, so they are not compared.": (
        "价格表以 {currency} 计，余额以 USD 计，因此不作比较。"
    ),
    "These characters count double in GSM-7: {shown}": "在 GSM-7 中这些字符各算两个字符：{shown}",
    "last charged {price} {currency} on {day}": "{day}实际扣费 {price} {currency}",
    "no price": "无价格",
    "price list": "价格表",
    "price list (dearest operator)": "价格表（最贵的运营商）",
    # ---------------------------------------------------------------- a campaign's money
    "An administrator allowed this campaign to send until the balance runs out.": (
        "管理员允许本次群发发送至余额用完。"
    ),
    "Estimated cost: {cost}. The platform's own charges are shown where it reports them.": (
        "预估费用：{cost}。平台报告的实际扣费会在有数据时显示。"
    ),
    "Waiting for a top-up": "等待充值",
    "Estimated cost": "预估费用",
    "at least {total}": "至少 {total}",
    # ---------------------------------------------------------------- Settings
    "Daily spending cap per person, in {currency} (0 = no cap)": (
        "每人每日花费上限（{currency}，0 表示不设上限）"
    ),
    "Save the spending cap": "保存花费上限",
    "Saved the spending cap.": "已保存花费上限。",
    "The estimated cost of the campaigns one person may confirm per day (UTC), at the price "
    "list's prices.": "每人每天（UTC）可确认的群发预估费用，按价格表计算。",
    "Daily spending cap per person": "每人每日花费上限",
    # ---------------------------------------------------------------- Prices
    "Add or change one price": "添加或修改一个价格",
    "An .xlsx or .csv with a country or code column and a price column; a currency and "
    "MCC/MNC columns are read when there.": (
        "包含国家或区号列以及价格列的 .xlsx 或 .csv 文件；如有货币列和 MCC/MNC 列也会读取。"
    ),
    "Changed": "修改时间",
    "Charged": "扣费时间",
    "Code or prefix": "区号或号段",
    "Columns found: {columns}": "识别到的列：{columns}",
    "Currency": "货币",
    "Import the {count} ready rows": "导入 {count} 行有效数据",
    "Imported: {count} prices added or changed.": "已导入：新增或修改了 {count} 个价格。",
    "India": "印度",
    "None yet.": "暂无。",
    "Operator": "运营商",
    "Operator (MCC-MNC)": "运营商（MCC-MNC）",
    "Price list": "价格表",
    "Price sheet": "价格表文件",
    "Prices learned from real charges": "从实际扣费中获知的价格",
    "Remove": "删除",
    "Remove a price": "删除一个价格",
    "Removed the price for +{prefix}.": "已删除 +{prefix} 的价格。",
    "Save the price": "保存价格",
    "Saved the price for +{prefix}.": "已保存 +{prefix} 的价格。",
    "The last price the platform charged per country (OTP records, delivery receipts). A "
    "campaign's estimate uses it for a country the list lacks.": (
        "平台按国家最近一次的实际扣费（OTP 记录、状态回执）。价格表中没有的国家，群发预估会使用它。"
    ),
    "The price list is empty: upload your vendor's price sheet below, or add a price by hand.": (
        "价格表为空：请在下方上传供应商的价格表，或手动添加价格。"
    ),
    "The price of one message part per destination, used to estimate every campaign before it "
    "is confirmed. Every change is recorded in the audit log.": (
        "每个目的地每段短信的价格，用于在确认前预估每次群发的费用。每次修改都会记入审计日志。"
    ),
    "Upload a vendor's price sheet": "上传供应商的价格表",
    "all": "全部",
    "{count} prices.": "共 {count} 个价格。",
    "Ready to import": "可导入",
    # ---------------------------------------------------------------- Spend
    "By campaign": "按群发",
    "By day": "按日",
    "By person": "按人员",
    "Day (UTC)": "日期（UTC）",
    "Download the spend (.xlsx)": "下载花费（.xlsx）",
    "Last {days} days": "最近 {days} 天",
    "No campaign was confirmed in this period.": "此期间没有确认的群发。",
    "What the campaigns confirmed in the console were estimated to cost, at the prices of the "
    "moment they were confirmed, and beside it what the platform reported they actually cost "
    "(from the delivery receipts), where it has.": (
        "在控制台确认的群发按确认时的价格预估的费用，以及平台在送达回执中报告的实际费用（如有）。"
    ),
    # ---------------------------------------------------------------- other countries
    "Check: other country": "请核对：其他国家",
    "**{count} rows are not numbers of the chosen country**, but would be valid in "
    "another one, so they would be sent abroad (often at a higher price): {places}. "
    "They are listed under Check below and are not sent unless you include them.": (
        "**{count} 行不是所选国家的号码**，但作为其他国家的号码有效，因此会被发往国外"
        "（价格通常更高）：{places}。它们列在下方“请核对”中，除非您选择包含，否则不会发送。"
    ),
    "Send to these {count} rows too": "也发送给这 {count} 行",
    "Only if you know these people live in those countries.": "仅当您确定这些人住在那些国家时才勾选。",
    # ---------------------------------------------------------------- actual cost
    "Actual cost": "实际费用",
    "Estimated cost: {cost}. Actual cost so far, as the platform reported it in the delivery "
    "receipts: {actual}.": "预估费用：{cost}。目前的实际费用（平台在送达回执中报告）：{actual}。",
}
