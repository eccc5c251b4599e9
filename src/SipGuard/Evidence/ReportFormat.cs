namespace SipGuard.Evidence;

/// <summary>Output of <c>sipguard report</c>.</summary>
internal enum ReportFormat
{
    Md,
    Csv,
    Json,
    Html,
}
