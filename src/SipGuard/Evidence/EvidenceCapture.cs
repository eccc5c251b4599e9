using SipGuard.Proxy.Screening;
using SipGuard.Sip.Messages;

namespace SipGuard.Evidence;

/// <summary>Copies what a record keeps off the receive buffer into a pooled record: the INVITE (capped) and its identity headers, no strings.</summary>
internal static class EvidenceCapture
{
    public static EvidenceRecord Call(EvidenceRecordPool pool, in ScreeningEvent screening, DateTimeOffset now)
    {
        var record = Request(pool, screening.Request);
        var decision = screening.Decision;
        record.Snapshot = screening.Snapshot;
        record.UnixMilliseconds = now.ToUnixTimeMilliseconds();
        record.TrunkId = decision.Trunk?.Id;
        record.Mode = decision.Trunk?.Mode;
        record.Source = screening.Source;
        record.Transport = screening.Transport;
        record.Outcome = decision.Outcome;
        record.Status = decision.Status;
        record.ReasonPhrase = decision.ReasonPhrase;
        record.RuleId = decision.RuleId;
        record.Tag = decision.Tag;
        record.ListId = decision.ListId;
        record.CallerNumber = decision.CallerNumber;
        record.RuleNumber = decision.RuleNumber;
        record.ResponseStatus = screening.ResponseStatus;
        return record;
    }

    /// <summary>The request's identity headers, copied into a pooled record (no strings).</summary>
    public static EvidenceRecord Request(EvidenceRecordPool pool, SipMessage request)
    {
        var invite = Math.Min(request.Length, EvidenceRecord.MaxInviteBytes);
        var bytes = request.RequestUriRange.Length + invite;
        foreach (var header in request.Headers)
        {
            if (IsRecorded(header.Id))
            {
                bytes += header.Value.Length;
            }
        }

        var record = pool.Rent(bytes);
        var text = record.Text;
        request.Span[..invite].CopyTo(text);
        record.Invite = new TextRange(0, invite);
        record.InviteLength = request.Length;
        var used = invite;
        record.RequestUri = Copy(request, request.RequestUriRange, text, ref used);
        record.CallId = default;
        record.From = default;
        record.To = default;
        record.Privacy = default;
        foreach (var header in request.Headers)
        {
            switch (header.Id)
            {
                case KnownHeader.CallId when record.CallId.IsEmpty:
                    record.CallId = Copy(request, header.Value, text, ref used);
                    break;
                case KnownHeader.From when record.From.IsEmpty:
                    record.From = Copy(request, header.Value, text, ref used);
                    break;
                case KnownHeader.To when record.To.IsEmpty:
                    record.To = Copy(request, header.Value, text, ref used);
                    break;
                case KnownHeader.Privacy when record.Privacy.IsEmpty:
                    record.Privacy = Copy(request, header.Value, text, ref used);
                    break;
                case KnownHeader.PAssertedIdentity when record.PaiCount < EvidenceRecord.MaxIdentities:
                    record.Pai[record.PaiCount++] = Copy(request, header.Value, text, ref used);
                    break;
                case KnownHeader.RemotePartyId when record.RpidCount < EvidenceRecord.MaxIdentities:
                    record.Rpid[record.RpidCount++] = Copy(request, header.Value, text, ref used);
                    break;
                default:
                    break;
            }
        }

        return record;
    }

    private static bool IsRecorded(KnownHeader id) => id is KnownHeader.CallId or KnownHeader.From or KnownHeader.To
        or KnownHeader.Privacy or KnownHeader.PAssertedIdentity or KnownHeader.RemotePartyId;

    private static TextRange Copy(SipMessage request, ByteRange range, byte[] text, ref int used)
    {
        var source = request[range];
        source.CopyTo(text.AsSpan(used));
        var copied = new TextRange(used, source.Length);
        used += source.Length;
        return copied;
    }
}
