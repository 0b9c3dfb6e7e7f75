"""Chinese for delivery receipts: the receipt address on Settings, how a report's statuses were
learned, their cost, and the campaign page's delivery summary."""

TEXTS: dict[str, str] = {
    # ---------------------------------------------------------------- reports
    "The platform has not been asked yet. ": "尚未向平台查询。",
    "Statuses pushed by the platform (delivery receipts): {pushed}. Asked for "
    "(getReport): {asked}. A message without a receipt {minutes} minutes after it was "
    "sent is asked about by itself.": (
        "平台推送的状态（状态回执）：{pushed} 条。主动查询（getReport）：{asked} 条。"
        "发送 {minutes} 分钟后仍无回执的短信会自动查询。"
    ),
    "Cost so far (from delivery receipts)": "目前费用（来自状态回执）",
    "What the platform says these messages cost, added up from their receipts.": (
        "平台在回执中给出的这些短信的费用之和。"
    ),
    "Learned": "来源",
    "Reason": "原因",
    "pushed (receipt)": "推送（回执）",
    "asked (getReport)": "查询（getReport）",
    # ---------------------------------------------------------------- settings
    "Delivery receipts": "状态回执",
    "The platform pushes a delivery receipt for every message to an address you give "
    "its support team. Reports then fill in as messages are delivered, without asking "
    "the platform. Give them this address (it contains a secret: share it only with "
    "them):": (
        "平台会把每条短信的状态回执推送到您提供给其客服团队的地址。报告会随着短信送达自动更新，"
        "无需向平台查询。请把以下地址提供给他们（地址中含有密钥：只分享给他们）："
    ),
    "The address must be reachable from the internet over https for the real "
    "platform: use the address people open this console with. In sandbox mode the "
    "built-in sandbox already pushes its receipts here.": (
        "真实平台需要能通过互联网以 https 访问此地址：请使用大家打开本控制台的地址。"
        "沙盒模式下，内置沙盒已经把回执推送到这里。"
    ),
    "Receipts stored": "已保存的回执",
    "Wrong addresses": "错误地址",
    "Refused bodies": "被拒绝的内容",
    "Another app id": "其他应用 ID",
    "I will give the new address to the platform's support team": (
        "我会把新地址提供给平台客服团队"
    ),
    "The old address stops working at once: receipts sent there are refused.": (
        "旧地址会立即失效：发往旧地址的回执将被拒绝。"
    ),
    "Make a new address": "生成新地址",
    "A new address was made. Give it to the platform's support team.": (
        "已生成新地址。请把它提供给平台客服团队。"
    ),
    "Ask the platform about a message without a receipt after (minutes)": (
        "短信无回执多久后向平台查询（分钟）"
    ),
    "Reports ask the platform (getReport) only for messages whose receipt has not "
    "come this long after they were sent, and when someone clicks “Check now”.": (
        "报告只在短信发送后超过此时长仍无回执时，或有人点击“立即查询”时，才向平台查询（getReport）。"
    ),
    "Save": "保存",
    "Saved.": "已保存。",
    # ---------------------------------------------------------------- a campaign's page
    "Delivery": "送达情况",
    "Waiting for a receipt": "等待回执",
    "Cost so far": "目前费用",
    "Cost so far ({currency})": "目前费用（{currency}）",
    "Unknown sends settled by their delivery receipts: {settled} (they were sent; their "
    "status is in the report). Still unknown: {remaining}. A receipt that arrives later "
    "settles more; nothing is sent again.": (
        "已由状态回执确认的未知发送：{settled} 个（已发出，状态见报告）。仍未知：{remaining} 个。"
        "之后到达的回执会继续确认；不会重新发送。"
    ),
}
