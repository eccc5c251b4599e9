namespace SipGuard.Evidence;

/// <summary>One cell of the interception report: how many records one trunk had for one reason (rule) on one UTC day.</summary>
internal sealed record ReportRow(DateOnly Day, string Trunk, string Reason, long Count);
