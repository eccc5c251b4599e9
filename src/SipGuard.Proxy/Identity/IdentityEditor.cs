using SipGuard.Policy;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Editing;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Replies;

namespace SipGuard.Proxy.Identity;

/// <summary>
/// The trust boundary on output (RFC 3325): what leaves SipGuard is what it verified. Records edits
/// against the received bytes; the forward stage writes them in its one pass. Allocation free.
/// <list type="bullet">
/// <item>Headers SipGuard writes (<c>proxy.tag_header</c>, Warning) are removed from every request first.</item>
/// <item>P-Preferred-Identity is never forwarded (RFC 3325 §6).</item>
/// <item><c>assert_identity</c>: the line's PAI, PPI and RPID are replaced by one PAI, <c>&lt;tel:+E164&gt;</c>, the verified number.</item>
/// <item><c>strip_untrusted_identity</c>: PAI and RPID the trunk may not assert are removed (all of them on international and interconnect trunks).</item>
/// <item><c>Privacy: id</c> towards an upstream with <c>trusted: false</c>: no PAI (RFC 3325 §7).</item>
/// <item><c>proxy.strip_user_agent</c>: no Server or User-Agent.</item>
/// </list>
/// </summary>
internal static class IdentityEditor
{
    // A value longer than this is removed whole rather than filtered value by value (a stack buffer per line).
    private const int MaxFilteredLine = 1024;

    /// <param name="decision">The screening decision; default (no trunk) for requests that were not screened.</param>
    /// <param name="trunk">The trunk the request came in on; null when it did not come from one.</param>
    /// <param name="upstream">The upstream it goes to; null for any other next hop.</param>
    public static void EditRequest(
        SipMessage message,
        SipMessageEditor editor,
        in Decision decision,
        TrunkSnapshot? trunk,
        PolicySnapshot policy,
        Routing.UpstreamRoute? upstream,
        IdentitySettings settings)
    {
        var headers = message.Headers;
        var screened = trunk is not null && decision.Trunk is not null && decision.RuleId != RuleIds.NotScreened;
        var assert = screened && trunk!.AssertIdentity;
        var strip = screened && trunk!.StripUntrustedIdentity;
        var stripAll = strip && trunk!.Kind is Policy.Configuration.TrunkKind.International or Policy.Configuration.TrunkKind.Interconnect;
        var hidePai = upstream is { Trusted: false } && (message.Privacy & Sip.Headers.PrivacyFlags.Id) != 0;

        for (var i = 0; i < headers.Length; i++)
        {
            var header = headers[i];
            if (System.Text.Ascii.EqualsIgnoreCase(message[header.Name], settings.TagHeader))
            {
                editor.RemoveHeader(i);
                continue;
            }

            switch (header.Id)
            {
                case KnownHeader.PPreferredIdentity:
                case KnownHeader.Warning:
                case KnownHeader.UserAgent or KnownHeader.Server when settings.StripUserAgent:
                case KnownHeader.PAssertedIdentity when assert || stripAll || hidePai:
                case KnownHeader.RemotePartyId when assert || stripAll:
                    editor.RemoveHeader(i);
                    break;
                case KnownHeader.PAssertedIdentity or KnownHeader.RemotePartyId when strip:
                    KeepPresentable(message, editor, i, trunk!, policy);
                    break;
            }
        }

        // Only a number that passed every rule is vouched for: not a monitor-mode would-be rejection.
        if (assert && !hidePai && decision.Outcome is DecisionOutcome.Allow or DecisionOutcome.Tag && !decision.CallerNumber.IsEmpty)
        {
            Span<byte> value = stackalloc byte[6 + E164Number.MaxDigits + 2];
            "<tel:"u8.CopyTo(value);
            decision.CallerNumber.TryFormat(value[5..], out var n);
            value[5 + n] = (byte)'>';
            editor.AppendHeader("P-Asserted-Identity"u8, value[..(6 + n)]);
        }
    }

    /// <summary>Server and User-Agent out of a relayed response (<c>proxy.strip_user_agent</c>).</summary>
    public static void EditResponse(SipMessage response, SipMessageEditor editor, IdentitySettings settings)
    {
        if (!settings.StripUserAgent)
        {
            return;
        }

        var headers = response.Headers;
        for (var i = 0; i < headers.Length; i++)
        {
            if (headers[i].Id is KnownHeader.Server or KnownHeader.UserAgent)
            {
                editor.RemoveHeader(i);
            }
        }
    }

    /// <summary>Headers every reply SipGuard writes itself carries (<c>proxy.server_header</c>).</summary>
    public static void AddLocalReplyHeaders(LocalReplyBuilder reply, IdentitySettings settings)
    {
        if (settings.ServerHeader is { } server)
        {
            reply.AddHeader("Server"u8, server);
        }
    }

    /// <summary>
    /// One PAI or RPID line with only the values whose number this trunk may present: one edit per
    /// line (the whole line, or its value rewritten), so edits never overlap.
    /// </summary>
    private static void KeepPresentable(SipMessage message, SipMessageEditor editor, int headerIndex, TrunkSnapshot trunk, PolicySnapshot policy)
    {
        var line = message.Headers[headerIndex];
        if (line.Value.Length > MaxFilteredLine)
        {
            editor.RemoveHeader(headerIndex);
            return;
        }

        Span<byte> kept = stackalloc byte[MaxFilteredLine];
        var length = 0;
        var dropped = false;
        var values = message.GetValues(line.Id);
        while (values.MoveNext())
        {
            if (values.CurrentHeaderIndex != headerIndex)
            {
                continue;
            }

            if (!CallAttemptFactory.TryReadIdentity(message, line.Id, values.Current, out var identity) || !MayPresent(identity, trunk, policy))
            {
                dropped = true;
                continue;
            }

            if (length + 2 + values.Current.Length > kept.Length)
            {
                editor.RemoveHeader(headerIndex);
                return;
            }

            if (length > 0)
            {
                ", "u8.CopyTo(kept[length..]);
                length += 2;
            }

            message[values.Current].CopyTo(kept[length..]);
            length += values.Current.Length;
        }

        if (length == 0)
        {
            editor.RemoveHeader(headerIndex);
        }
        else if (dropped)
        {
            editor.ReplaceHeaderValue(headerIndex, kept[..length]);
        }
    }

    private static bool MayPresent(in CallerIdentity identity, TrunkSnapshot trunk, PolicySnapshot policy)
    {
        var n = policy.Normalize(identity);
        return n.Anomalies == NumberAnomaly.None && !n.Number.IsEmpty && trunk.MayPresent(n.Number);
    }
}
