"""Chinese for sign-in, settings, users and the audit log."""

TEXTS: dict[str, str] = {
    # frame
    "**Mode:**": "**模式：**",
    "**Balance:** {balance}": "**余额：** {balance}",
    "Back to Home": "返回首页",
    "Users": "用户",
    "Audit log": "审计日志",
    "The console could not start. Check the database address (ITNIO_DATABASE_URL) and the "
    "settings file (.streamlit/secrets.toml), then restart it. The technical details are in "
    "the server log.": "控制台无法启动。请检查数据库地址（ITNIO_DATABASE_URL）和配置文件"
    "（.streamlit/secrets.toml），然后重启。技术细节见服务器日志。",
    "You are in **sandbox mode**: the console talks to a built-in simulator, so nothing you do "
    "here sends a real message or costs money.": "您正处于**沙盒模式**：控制台连接的是内置模拟器，"
    "这里的任何操作都不会发送真实短信，也不会产生费用。",
    "You are connected to the **live ITNIO platform**: messages you send here are real and are "
    "charged to your account.": "您已连接**正式 ITNIO 平台**：在这里发送的短信都是真实的，"
    "并会从您的账户扣费。",
    "Sending is switched off: this console is connected to the live platform but no one can "
    "sign in. To switch sending on, add a user: in the console's folder, run `scripts/itnio "
    "hash-password --user NAME --role admin` and paste what it prints into "
    "`.streamlit/secrets.toml`, then restart the console.": "发送已关闭：本控制台已连接正式平台，"
    "但没有任何人可以登录。如需开启发送，请添加用户：在控制台所在的文件夹中运行 "
    "`scripts/itnio hash-password --user NAME --role admin`，把输出内容粘贴到 "
    "`.streamlit/secrets.toml`，然后重启控制台。",
    "Country for numbers written without a country code": "未写国家代码的号码所属国家",
    "None: every number has its country code": "无：每个号码都带国家代码",
    "Checked at {time}.": "检查时间：{time}。",
    # sign-in
    "Sign in to ITNIO Console": "登录 ITNIO 控制台",
    "User name": "用户名",
    "Password": "密码",
    "Sign in": "登录",
    "Sign out": "退出登录",
    "Sign in with your company account": "使用公司账号登录",
    "Accounts are set up by your administrator. After {count} wrong passwords a name is locked "
    "for {minutes} minutes.": "账号由管理员设置。密码连续错误 {count} 次后，该用户名将被锁定 "
    "{minutes} 分钟。",
    "Enter your user name and password.": "请输入用户名和密码。",
    "That user name and password do not match. Check them and try again.": "用户名与密码不匹配。"
    "请检查后重试。",
    "You are signed out.": "您已退出登录。",
    "You are signed out. Sign in again.": "您已退出登录。请重新登录。",
    "Or use your company account:": "或使用公司账号：",
    "You were signed out after {minutes} minutes without activity. Sign in again.": "您已 "
    "{minutes} 分钟未操作，系统已自动退出。请重新登录。",
    "Signed in as **{name}** ({role})": "已登录：**{name}**（{role}）",
    "viewer": "查看者",
    "sender": "发送者",
    "admin": "管理员",
    # settings
    "Test the connection": "测试连接",
    "Asks the platform for your balance. Nothing is sent and nothing is charged.": "向平台查询余额。"
    "不会发送任何内容，也不会扣费。",
    "Check connection": "检查连接",
    "Sandbox (practice, nothing is sent)": "沙盒（练习用，不会真实发送）",
    "Live platform": "正式平台",
    "Live mode needs the ITNIO API key and secret; see “How to change these settings” below.": (
        "正式模式需要 ITNIO API 密钥和密码；请参阅下方“如何修改这些设置”。"
    ),
    "The console now uses the sandbox.": "控制台现在使用沙盒。",
    "The console now uses the live platform: messages are real and charged.": "控制台现在使用正式平台："
    "短信为真实发送并会扣费。",
    "Built-in simulator": "内置模拟器",
    "ITNIO platform": "ITNIO 平台",
    " (the simulator's own test key)": "（模拟器自带的测试密钥）",
    "set (never shown)": "已设置（不会显示）",
    "not set": "未设置",
    "Current settings": "当前设置",
    "Server": "服务器",
    "API key": "API 密钥",
    "API secret": "API 密码",
    "SMS app id": "短信应用 ID",
    "OTP app id": "验证码应用 ID",
    "History saved in": "记录保存在",
    "Defaults and limits": "默认值与限制",
    "Default country for numbers written without a country code": "未写国家代码的号码的默认国家",
    "Default sender ID": "默认发送方 ID",
    "Filled in on New campaign; people can change it there.": "新建群发时自动填入，可在那里修改。",
    "Confirmation threshold": "确认阈值",
    "Campaigns to more people than this ask the sender to type the count.": "收件人数超过此值的群发，"
    "需要发送者手动输入人数确认。",
    "Daily sending cap per person (0 = no cap)": "每人每日发送上限（0 = 不限）",
    "Messages one person may send per day (UTC), campaigns and OTPs together.": "每人每天（UTC）"
    "可发送的短信条数，群发和验证码合计。",
    "Save settings": "保存设置",
    "Daily cap: {cap} messages per person.": "每日上限：每人 {cap} 条。",
    "Saved: {names}.": "已保存：{names}。",
    "Nothing changed.": "没有变更。",
    "How to change these settings": "如何修改这些设置",
    "The API key, secret and app ids are read when the console starts. Ask whoever runs the "
    "console to put your ITNIO credentials in `.streamlit/secrets.toml` or in environment "
    "variables with these names, then restart it. With no key and secret the console runs in "
    "sandbox mode.": "API 密钥、密码和应用 ID 在控制台启动时读取。请让负责运行控制台的人把 ITNIO "
    "凭据写入 `.streamlit/secrets.toml` 或同名环境变量，然后重启。没有密钥和密码时，控制台以沙盒模式运行。",
    "Default country": "默认国家",
    "Daily sending cap per person": "每人每日发送上限",
    "Use the sandbox": "使用沙盒",
    # users
    "**Viewers** see reports and history. **Senders** can also send campaigns and OTPs and "
    "report conversions. **Admins** can also change settings, the stop list and see the audit "
    "log.": "**查看者**可查看报告和记录。**发送者**还可以群发短信、发送验证码和回传转化。"
    "**管理员**还可以修改设置和退订名单，并查看审计日志。",
    "No users are set up, so nobody signs in. In sandbox mode that is allowed; on the live "
    "platform sending stays switched off until a user exists.": "尚未设置用户，因此无需登录。"
    "沙盒模式下允许这样使用；在正式平台上，添加用户之前发送功能保持关闭。",
    "People sign in with your company account (single sign-on).": "使用公司账号登录（单点登录）。",
    "Only the {count} e-mail addresses under [roles] get in; anyone else is refused and told "
    "to ask an administrator.": "只有 [roles] 中的 {count} 个邮箱地址可以登录；其他人会被拒绝，"
    "并提示其联系管理员。",
    "The {count} e-mail addresses under [roles] get their role; anyone else your company "
    "account accepts gets in as {role} (default_role).": "[roles] 中的 {count} 个邮箱地址按各自"
    "角色登录；公司账号认可的其他人以 {role} 角色登录（default_role）。",
    "Display name": "姓名",
    "Role": "角色",
    "Sign-in": "登录状态",
    "Locked until {time}": "锁定至 {time}",
    "Allowed": "允许",
    "Unlock a user": "解锁用户",
    "Unlock": "解锁",
    "How to add a user or change a role": "如何添加用户或修改角色",
    "Users live in `.streamlit/secrets.toml` with a hashed password, never the password itself. "
    "Ask whoever runs the console to:": "用户保存在 `.streamlit/secrets.toml` 中，只保存密码的哈希值，"
    "从不保存密码本身。请让负责运行控制台的人：",
    # audit log
    "Every action taken in the console: sending, OTPs, look-ups, conversions, downloads, "
    "settings changes and sign-ins, newest first.": "控制台中的每一项操作：发送、验证码、查询、"
    "转化回传、下载、设置修改和登录，最新的在前。",
    "Person": "人员",
    "Everyone": "所有人",
    "Actions": "操作",
    "All actions": "所有操作",
    "Start date": "开始日期",
    "End date (inclusive)": "结束日期（含当天）",
    "Nothing matches these filters.": "没有符合筛选条件的记录。",
    "{count} entries": "{count} 条记录",
    "(the newest {limit}; narrow the dates to see older ones)": "（最新的 {limit} 条；缩小日期范围可查看更早的记录）",
    "Download as a spreadsheet (.xlsx)": "下载为表格（.xlsx）",
}

TEXTS |= {
    # API activity
    "Every request the console has made to the platform, newest first.": "控制台向平台发出的每个请求，"
    "最新的在前。",
    "Show the last": "显示最近",
    "Refresh": "刷新",
    "No requests yet. They appear here as soon as the console talks to the platform, for "
    "example when you check the connection.": "暂无请求。控制台一旦与平台通信（例如检查连接时），"
    "请求就会显示在这里。",
    "Time ({zone})": "时间（{zone}）",
    "Request": "请求",
    "Result": "结果",
    "IDs returned": "返回的 ID 数",
    "Problem": "问题",
    "Succeeded": "成功",
    "Refused (code {code})": "被拒绝（代码 {code}）",
    "No answer": "无应答",
}

TEXTS |= {
    # background work (Home and Settings)
    "Background work": "后台任务",
    "one worker": "1 个工作进程",
    "{count} workers": "{count} 个工作进程",
    "Running since {when}, in {who}. Campaigns are sent, reports checked and bulk "
    "lookups done without anyone keeping a page open.": (
        "自 {when} 起由{who}运行。无需任何人打开页面，群发、报告查询和批量查询都会继续进行。"
    ),
    "Not running: last seen {when}. Campaigns, report checks and bulk lookups "
    "wait until it runs again.": "未运行：最后一次运行于 {when}。群发、报告查询和批量查询将等待其恢复运行。",
    "Not running yet: nothing has started the background work.": "尚未运行：后台任务还没有被启动。",
    "web server": "网页服务器",
    "worker": "工作进程",
    "{kind} on {host} (process {pid}), last heartbeat {when}": (
        "{host} 上的{kind}（进程 {pid}），最后心跳 {when}"
    ),
    "This web server leaves the background work to `scripts/itnio worker`.": (
        "本网页服务器不运行后台任务，由 `scripts/itnio worker` 负责。"
    ),
}
