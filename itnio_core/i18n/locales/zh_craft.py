"""Chinese for campaign craft: templates, a test to oneself, quiet hours, the sandbox clock."""

TEXTS: dict[str, str] = {
    # templates
    "Templates": "短信模板",
    "Template": "模板",
    "Messages you send again and again, saved by name. On New campaign, start from one: it "
    "fills the message, and its placeholders are checked against your sheet's columns. Editing "
    "a template never changes a campaign already sent.": "按名称保存经常发送的短信。在“新建群发”中"
    "选择一个模板即可填入短信，并会对照表格的列检查其中的占位符。修改模板不会改变已发送的群发。",
    "A new template": "新模板",
    "Administrators can archive templates.": "管理员可以归档模板。",
    "Archive “{name}”": "归档“{name}”",
    "Saved as new": "新建",
    "Edited": "修改",
    "Archived": "归档",
    "Changed by": "修改人",
    "Changed": "修改时间",
    "Details": "详情",
    "Who": "操作人",
    "History of “{name}”": "“{name}”的历史",
    "No templates yet. Add the first one below.": "还没有模板。请在下方添加第一个。",
    "Put a column name in braces, like {Name}, to fill it in from each row.": "把列名写在花括号中"
    "（如 {Name}），即可用每一行的内容填入。",
    "Save the changes": "保存修改",
    "Save the template": "保存模板",
    "Template “{name}” archived: New campaign no longer offers it.": "模板“{name}”已归档："
    "新建群发中不再提供。",
    "Template “{name}” changed.": "模板“{name}”已修改。",
    "Template “{name}” saved.": "模板“{name}”已保存。",
    "Start from a template": "从模板开始",
    "No template: write the message": "不用模板：自己填写短信",
    "Use this template": "使用此模板",
    "Manage templates": "管理模板",
    "From the template “{name}”: every placeholder has a column.": "来自模板“{name}”："
    "每个占位符都有对应的列。",
    "Tip: save messages you send often as templates, on the Templates page.": "提示：可在"
    "“短信模板”页面把常发的短信保存为模板。",
    # a test to oneself
    "**Send yourself a test** before sending to everyone": "发送给所有人之前，**先给自己发一条测试**",
    "My numbers (kept in my profile)": "我的号码（保存在我的资料中）",
    "Up to 5 numbers, with their country code, separated by commas.": "最多 5 个号码，"
    "带国家代码，用逗号分隔。",
    "Save my numbers": "保存我的号码",
    "Your numbers are saved: {count}.": "已保存您的号码：{count} 个。",
    "Rows to test (none chosen: the first row)": "要测试的行（不选则为第一行）",
    "Row {row}": "第 {row} 行",
    "Send the test to my numbers": "把测试发到我的号码",
    "Test #{id}: {accepted} of {total} accepted by the platform.": "测试 #{id}：平台已接收 "
    "{accepted} / {total} 条。",
    "**Test report:** {counts}": "**测试报告：** {counts}",
    "Check the test's delivery": "查询测试的送达情况",
    "The test's full delivery report": "测试的完整送达报告",
    # quiet hours at review
    "**Quiet hours** if sent at {when}:": "若在 {when} 发送，**免打扰时段**的影响：",
    "Go at once": "立即发送",
    "Held": "暂缓",
    "Until (their time)": "暂缓至（当地时间）",
    "Until (your time: {zone})": "暂缓至（您的时间：{zone}）",
    "{held} recipients are held until their own sending window opens; {now} go at once. The "
    "console sends the held ones by itself when their window opens: nobody needs to keep a page "
    "open. Pausing or cancelling the campaign covers them too.": "{held} 位收件人将暂缓，"
    "直到其当地发送时段开始；{now} 位立即发送。时段开始时，控制台会自动发送暂缓的短信，"
    "无需保持页面打开。暂停或取消群发同样适用于它们。",
    "{country} spans several time zones: its quiet hours follow {zone}, the zone named in the "
    "setting.": "{country}横跨多个时区：其免打扰时段按设置中指定的 {zone} 计算。",
    "- {count} recipients ({country}) held by quiet hours until {theirs}{yours}": "- {count} "
    "位收件人（{country}）因免打扰时段暂缓，直到 {theirs}{yours}",
    "The console sends them when their window opens; nobody needs to keep a page open.": "时段开始"
    "时控制台会自动发送，无需保持页面打开。",
    # quiet hours in settings
    "Quiet hours": "免打扰时段",
    "Campaign messages to a country go only inside its sending window, in the time zone you "
    "name; recipients outside it are held until it opens, and sent by the console then. OTPs "
    "are never held. A country that spans several time zones follows the one named here.": "发往"
    "某国家的群发短信只在其发送时段内（按您指定的时区）发出；时段之外的收件人会暂缓，"
    "到时段开始时由控制台发送。验证码短信从不暂缓。横跨多个时区的国家按此处指定的时区计算。",
    "No quiet hours: campaigns go at any hour.": "未设置免打扰时段：群发随时发送。",
    "Calling code": "国家区号",
    "Like +91 for India; * for every other country.": "如印度为 +91；* 表示其他所有国家。",
    "Sending window": "发送时段",
    "Time zone": "时区",
    "Save the sending window": "保存发送时段",
    "Saved: {country} receives campaigns from {opens} to {closes} ({zone}).": "已保存：{country}"
    "在 {opens} 至 {closes}（{zone}）接收群发短信。",
    "Remove the window of": "删除以下国家的发送时段",
    "Remove": "删除",
    "Removed: {country} receives campaigns at any hour.": "已删除：{country}随时接收群发短信。",
    # the sandbox clock
    "**Sandbox clock** (sandbox mode only)": "**沙盒时钟**（仅沙盒模式）",
    "Quiet hours here follow the sandbox clock: it reads {when}.": "这里的免打扰时段按沙盒时钟"
    "计算：当前为 {when}。",
    "It is {hours} hours ahead of the real time.": "比实际时间快 {hours} 小时。",
    "Move the sandbox clock": "调整沙盒时钟",
    "Date and time": "日期和时间",
    "Back to the real time": "恢复实际时间",
}
