"""Chinese for Home: balance, connection check and what the console does."""

TEXTS: dict[str, str] = {
    "ITNIO Console": "ITNIO 控制台",
    "Account balance": "账户余额",
    "Fix the problem, then use “Check connection” below to try again.": (
        "请先解决问题，再点击下方的“检查连接”重试。"
    ),
    "Gift balance": "赠送余额",
    "Credit": "信用额度",
    "As the platform reports them. Refreshed at most every {seconds} seconds, "
    "or when you check the connection.": (
        "以平台返回的数据为准。最多每 {seconds} 秒刷新一次，检查连接时也会刷新。"
    ),
    "Ask the platform whether it accepts this console's API key and secret.": (
        "向平台确认它是否接受本控制台的 API Key 和 Secret。"
    ),
    "Check connection": "检查连接",
    "What you can do here": "在这里可以做什么",
    "See your balance and check that the account works, on this page. And:": (
        "在本页查看余额并检查账户是否可用。此外还可以："
    ),
    "Send a campaign to the numbers in a spreadsheet": "向表格中的号码群发短信",
    "Follow your campaigns and download their results": "跟踪群发进度并下载发送结果",
    "See which messages arrived, and download delivery reports": (
        "查看哪些短信已送达，并下载送达报告"
    ),
    "Send a verification code (OTP) and look it up when a customer says it never came": (
        "发送验证码（OTP），客户说没收到时可以查询"
    ),
    "Report conversions: codes your customers used": "回传转化：客户已使用的验证码",
    "See which account and server the console uses": "查看控制台使用的账户和服务器",
    "See every request the console has made to the platform, with its result": (
        "查看控制台向平台发出的每个请求及其结果"
    ),
}
