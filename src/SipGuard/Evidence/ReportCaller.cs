namespace SipGuard.Evidence;

/// <summary>A caller number and how often it was blocked (rejected, or would have been in monitor mode).</summary>
internal sealed record ReportCaller(string Number, long Count);
