using System.Net;
using System.Text.Json;
using SipGuard.Policy;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Transports;

namespace SipGuard.Evidence;

/// <summary>
/// Re-decides the recorded calls under another compiled config: each record's INVITE, as received,
/// goes through the same parse, identity extraction and policy as a live call (<see cref="CallExplainer"/>),
/// from the recorded source address and transport.
/// </summary>
internal static class WhatIf
{
    public static WhatIfResult Run(string directory, ProxySnapshot candidate, DateTimeOffset? since)
    {
        var changes = new List<WhatIfChange>();
        long decided = 0, skipped = 0;
        foreach (var (_, path) in EvidenceFileName.List(directory))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (!line.Contains("\"type\":\"call\"", StringComparison.Ordinal))
                {
                    continue;
                }

                switch (Replay(line, candidate, since, out var change))
                {
                    case Outcome.Decided:
                        decided++;
                        if (change is not null)
                        {
                            changes.Add(change);
                        }

                        break;
                    case Outcome.Skipped:
                        skipped++;
                        break;
                    default:
                        break;
                }
            }
        }

        return new WhatIfResult(decided, skipped, changes);
    }

    public static string Verdict(DecisionOutcome outcome, string rule) => outcome switch
    {
        DecisionOutcome.Reject => "reject/" + rule,
        DecisionOutcome.WouldReject => "would-reject/" + rule,
        DecisionOutcome.Tag => "tag/" + rule,
        _ => "allow",
    };

    private static Outcome Replay(string line, ProxySnapshot candidate, DateTimeOffset? since, out WhatIfChange? change)
    {
        change = null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (since is { } from && (!root.TryGetProperty(EvidenceJson.Time, out var time) || !time.TryGetDateTimeOffset(out var at) || at < from))
            {
                return Outcome.OutOfRange;
            }

            var invite = RecordedInvite.Read(root);
            if (invite is null
                || !root.TryGetProperty("source", out var source) || !IPEndPoint.TryParse(source.GetString() ?? "", out var endPoint))
            {
                return Outcome.Skipped;
            }

            var transport = root.TryGetProperty("transport", out var t) && t.GetString() == "tcp" ? SipTransportKind.Tcp : SipTransportKind.Udp;
            var before = Before(root);
            var explained = CallExplainer.Explain(candidate, SipEndpoint.FromIPEndPoint(endPoint), transport, invite);
            var after = explained.Trace is { } trace ? Verdict(trace.Decision.Outcome, trace.Decision.RuleId) : explained.Response;
            if (before != after)
            {
                var trunk = root.TryGetProperty(EvidenceJson.Trunk, out var tr) && tr.ValueKind == JsonValueKind.String ? tr.GetString()! : EvidenceReport.NoTrunk;
                var callId = root.TryGetProperty("call_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "";
                change = new WhatIfChange(callId, trunk, before, after);
            }

            return Outcome.Decided;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return Outcome.Skipped;
        }
    }

    private static string Before(JsonElement root)
    {
        var decision = root.TryGetProperty(EvidenceJson.Decision, out var d) ? d.GetString() : null;
        var rule = root.TryGetProperty(EvidenceJson.Rule, out var r) ? r.GetString() : null;
        return decision is null or "allow" ? "allow" : decision + "/" + rule;
    }

    private enum Outcome
    {
        Decided,
        Skipped,
        OutOfRange,
    }
}
