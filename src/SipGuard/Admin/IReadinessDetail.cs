namespace SipGuard.Admin;

/// <summary>A line <c>/readyz</c> adds after its verdict (config version, cluster state); it does not change the verdict.</summary>
internal interface IReadinessDetail
{
    string Detail();
}
