using SipGuard.Conformance.Tests;
using Xunit.Abstractions;

namespace SipGuard.Integration.Tests.Corpus;

/// <summary>
/// Judges what each corpus row caused at the host against the manifest's expectation for a proxy,
/// the few documented exceptions below, and the byte comparison of <see cref="ForwardedBytes"/>;
/// prints one line per row and returns the failures.
/// </summary>
internal sealed class CorpusJudge(ITestOutputHelper output, int proxyPort)
{
    /// <summary>
    /// Answers the manifest does not name that a proxy gives, per row and transport (<c>*</c> for
    /// both): RFC 3261 §16's (sdp01 is forwarded), or SipGuard's documented dialog guard (481 to a
    /// mid-dialog request for a dialog it never record-routed). Every entry says why; a row not
    /// listed must get the manifest's outcome.
    /// </summary>
    private static readonly Dictionary<(string File, string Transport), (string Outcome, string Why)> ProxyAnswers = new()
    {
        [("rfc4475/sdp01.dat", "*")] = ("accept", "406 is a UAS's answer about the bodies it could send; a proxy does not act on Accept and forwards, §16.6"),
        [("rfc4475/wsinv.dat", "*")] = ("481", "its To has a tag: a mid-dialog request for a dialog SipGuard never record-routed gets 481 from the dialog guard, docs/security.md"),
        [("rfc5118/via-received-param-with-delim", "*")] = ("481", "a BYE with a To-tag for a dialog SipGuard never record-routed: 481, docs/security.md"),
        [("rfc5118/crlf/via-received-param-with-delim", "*")] = ("481", "a BYE with a To-tag for a dialog SipGuard never record-routed: 481, docs/security.md"),
        [("rfc5118/mult-ip-in-header", "*")] = ("481", "a BYE with a To-tag for a dialog SipGuard never record-routed: 481, docs/security.md"),
        [("rfc5118/crlf/mult-ip-in-header", "*")] = ("481", "a BYE with a To-tag for a dialog SipGuard never record-routed: 481, docs/security.md"),
    };

    /// <summary>
    /// Invalid rows RFC 4475 lets a proxy forward unchanged. Every other invalid row must not reach
    /// the upstream.
    /// </summary>
    private static readonly Dictionary<string, string> InvalidButForwardable = new(StringComparer.Ordinal)
    {
        ["rfc4475/baddate.dat"] = "RFC 4475 §3.1.2.12: an element should not reject a non-GMT Date unless the Date matters to its processing, and may ignore it; a proxy does not use Date",
    };

    /// <summary>
    /// Bytes SipGuard may change in a forwarded row beyond §16.6's Via, Record-Route and Max-Forwards
    /// and the received/rport stamp. The trunk is `kind: trusted` with no identity keys, so
    /// docs/identity.md has it forward PAI/RPID as received; none of the rows carries a Warning,
    /// P-Preferred-Identity or X-SipGuard-Warning header to remove. So: none.
    /// </summary>
    private static readonly Dictionary<string, string> AllowedDifferences = new(StringComparer.Ordinal);

    public List<string> Judge(Dictionary<CorpusInput, RowObservation> observed, string transport, int callerPort, Dictionary<CorpusInput, int>? ports = null)
    {
        var failures = new List<string>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (input, row) in observed)
        {
            var outcome = row.Outcome;
            var clauses = ExpectedOutcome.Parse(input.Row.Expect).Where(c => c.Role is "" or "proxy").ToList();
            var stream = transport == "tcp" && clauses.Any(c => c.Transport == "stream");
            var acceptable = clauses.Where(c => c.Transport == (stream ? "stream" : "udp")).SelectMany(c => c.Acceptable).ToHashSet(StringComparer.Ordinal);
            if (!input.IsRequest)
            {
                // §16.7: a response that matches no client transaction is handled statelessly; its top
                // Via is not ours, so it is dropped: neither forwarded nor answered.
                acceptable = ["drop"];
            }

            if (stream && acceptable.Contains("wait"))
            {
                acceptable.Add("close"); // clerr: wait for the missing body, then close (limits.tcp_message_timeout)
            }

            var why = "";
            if (!acceptable.Contains(outcome) && (ProxyAnswers.TryGetValue((input.File, transport), out var answer) || ProxyAnswers.TryGetValue((input.File, "*"), out answer)) && answer.Outcome == outcome)
            {
                why = " (" + answer.Why + ")";
                acceptable.Add(outcome);
            }

            var detail = row.LocalAnswers.Count > 0 ? string.Join("; ", row.LocalAnswers.Select(a => a.Text)) : "";
            var line = $"{transport} {input.File} [{input.Row.Class}, expect {input.Row.Expect}]: {outcome}{why} {detail}".TrimEnd();
            if (input.Row.Class == "invalid" && row.Forwards.Count > 0 && InvalidButForwardable.TryGetValue(input.File, out var forwardable))
            {
                line += $" ({forwardable})";
            }
            else if (input.Row.Class == "invalid" && row.Forwards.Count > 0)
            {
                failures.Add($"{line}: an invalid request was forwarded");
            }
            else if (!acceptable.Contains(outcome))
            {
                failures.Add($"{line}: expected one of {string.Join(", ", acceptable)}");
            }

            if (row.Forwards.Count > 1)
            {
                failures.Add($"{line}: forwarded {row.Forwards.Count} times with different branches");
            }

            if (row.Forwards.Count > 0)
            {
                var port = ports?.GetValueOrDefault(input) ?? callerPort;
                var diff = ForwardedBytes.Compare(row.Forwards[0], input, proxyPort, port, out var recordRoutes);
                var isInvite = input.Sent.AsSpan().StartsWith("INVITE "u8);
                var expectedRoutes = isInvite ? (transport == "tcp" ? 2 : 1) : 0;
                if (recordRoutes != expectedRoutes)
                {
                    diff = (diff is null ? "" : diff + "; ") + $"{recordRoutes} Record-Route lines of ours, expected {expectedRoutes}";
                }

                line += diff is null ? ", byte-identical" : $", CHANGED: {diff}";
                if (diff is not null && !AllowedDifferences.ContainsKey(input.File))
                {
                    failures.Add(line);
                }
            }

            counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
            output.WriteLine(line);
        }

        output.WriteLine($"{transport}: {observed.Count} rows: " + string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}")) +
            $"; {failures.Count} failures");
        foreach (var failure in failures)
        {
            output.WriteLine("FAIL " + failure);
        }

        return failures;
    }
}
