namespace SipGuard.Evidence;

/// <summary>The report's headings in English or Chinese (<c>--lang en|zh</c>); field names in JSON and CSV stay English.</summary>
internal sealed record ReportLabels(
    string Title, string Records, string Lines, string Line, string Screened, string Intercepted, string Flagged, string Tagged, string Rate,
    string ByReason, string Reason, string Count, string Day, string TopCallers, string Caller, string Violations, string None,
    string Registrations, string Kind, string Customer, string Purpose, string LineType, string Location, string PeerDevice)
{
    public static readonly ReportLabels En = new(
        "SipGuard caller-authentication report", "call record(s) in the evidence log", "Lines", "line", "screened", "intercepted", "flagged (monitor)", "tagged", "rate",
        "Interceptions by line, reason and day", "reason", "count", "day", "Most-blocked caller numbers", "caller", "Lines with violations", "none",
        "Line registrations", "kind", "customer", "purpose", "line type", "location", "peer device");

    public static readonly ReportLabels Zh = new(
        "SipGuard 主叫鉴权月报", "条证据记录", "各线路统计", "线路", "鉴权呼叫数", "拦截数", "监测标记数", "提示数", "拦截率",
        "按线路、原因、日期的拦截明细", "原因", "次数", "日期", "被拦截最多的主叫号码", "主叫号码", "存在违规的线路", "无",
        "线路登记信息", "类型", "客户", "用途", "线路类型", "位置", "对端设备");

    public static ReportLabels For(string lang) => lang == "zh" ? Zh : En;
}
