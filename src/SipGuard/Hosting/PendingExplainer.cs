namespace SipGuard.Hosting;

/// <summary>Stand-in until the policy engine is merged: echoes the request and says so, exit code 0.</summary>
internal sealed class PendingExplainer : IExplainer
{
    public int Explain(RuntimeSnapshot snapshot, ExplainRequest request, TextWriter output)
    {
        output.WriteLine($"source:   {request.Source}");
        output.WriteLine($"from:     {request.From ?? "(none)"}");
        foreach (var pai in request.PAssertedIdentities)
        {
            output.WriteLine($"pai:      {pai}");
        }

        output.WriteLine($"rpid:     {request.RemotePartyId ?? "(none)"}");
        output.WriteLine($"privacy:  {(request.Privacy.Count == 0 ? "(none)" : string.Join(';', request.Privacy))}");
        output.WriteLine($"to:       {request.To ?? "(none)"}");
        output.WriteLine($"trunks:   {string.Join(", ", snapshot.Config.Policy.Trunks.Select(t => t.Id))}");
        output.WriteLine("verdict:  not available: the policy engine is not wired into this build yet");
        return 0;
    }
}
