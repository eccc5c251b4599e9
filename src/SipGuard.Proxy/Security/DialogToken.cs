using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Security;

/// <summary>
/// The <c>;sgd=</c> parameter of SipGuard's Record-Route: proof that SipGuard itself established
/// the dialog, and between whom. It carries the two peers (the initiator, which sent the
/// dialog-creating request, and the recipient it was forwarded to) and a truncated keyed BLAKE3 hash (<see cref="ProxySecret"/>)
/// over them, the Call-ID and the initiator's From-tag. Every in-dialog request echoes it in its
/// Route; it verifies only for that Call-ID and tag and only from one of the two peers, and names
/// the other peer as the one place the request may go. Fixed length (base64url of 50 bytes), so a
/// failover can rewrite it in place for a new recipient.
/// </summary>
internal sealed class DialogToken
{
    public const int MacLength = 12;
    private const int RawLength = 2 * DialogPeer.EncodedLength + MacLength;

    /// <summary>Characters of a token (unpadded base64url of 50 bytes).</summary>
    public const int Length = (RawLength * 4 + 2) / 3;

    private const int StackLimit = 1024;

    private readonly ProxySecret _secret;

    public DialogToken(ProxySecret secret) => _secret = secret;

    public static ReadOnlySpan<byte> ParameterName => "sgd"u8;

    public static ReadOnlySpan<byte> Parameter => ";sgd="u8;

    /// <summary>Writes the token (<see cref="Length"/> bytes) for a dialog being created.</summary>
    public int Write(Span<byte> destination, ReadOnlySpan<byte> callId, ReadOnlySpan<byte> initiatorTag, in DialogPeer initiator, in DialogPeer recipient)
    {
        Span<byte> raw = stackalloc byte[RawLength];
        initiator.Write(raw);
        recipient.Write(raw[DialogPeer.EncodedLength..]);
        ComputeMac(raw[..(2 * DialogPeer.EncodedLength)], callId, initiatorTag, raw[(2 * DialogPeer.EncodedLength)..]);
        Base64Url.EncodeToUtf8(raw, destination, out _, out var written);
        return written;
    }

    /// <summary>
    /// Verifies a token from an in-dialog request. The sender must be one of the token's peers; the
    /// dialog's initiator tag is the From-tag of a request from the initiator and the To-tag of one
    /// from the recipient. <paramref name="destination"/> is the other peer.
    /// </summary>
    public DialogSide Verify(
        ReadOnlySpan<byte> token,
        ReadOnlySpan<byte> callId,
        ReadOnlySpan<byte> fromTag,
        ReadOnlySpan<byte> toTag,
        SipTransportKind transport,
        SipEndpoint source,
        out DialogPeer destination)
    {
        destination = default;
        Span<byte> raw = stackalloc byte[RawLength];
        if (token.Length != Length || Base64Url.DecodeFromUtf8(token, raw, out var used, out var decoded) != OperationStatus.Done ||
            used != Length || decoded != RawLength)
        {
            return DialogSide.None;
        }

        var peers = raw[..(2 * DialogPeer.EncodedLength)];
        var mac = raw[(2 * DialogPeer.EncodedLength)..];
        var initiator = DialogPeer.Read(peers);
        var recipient = DialogPeer.Read(peers[DialogPeer.EncodedLength..]);

        // Both may match when the two peers share a host; the tags then tell the directions apart.
        if (initiator.Matches(transport, source) && MacMatches(peers, callId, fromTag, mac))
        {
            destination = recipient;
            return DialogSide.Initiator;
        }

        if (recipient.Matches(transport, source) && MacMatches(peers, callId, toTag, mac))
        {
            destination = initiator;
            return DialogSide.Recipient;
        }

        return DialogSide.None;
    }

    private bool MacMatches(ReadOnlySpan<byte> peers, ReadOnlySpan<byte> callId, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> mac)
    {
        Span<byte> expected = stackalloc byte[MacLength];
        ComputeMac(peers, callId, tag, expected);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, mac);
    }

    /// <summary>The MAC over a domain label, the peers, and the length-prefixed Call-ID and tag (so no two inputs concatenate alike).</summary>
    private void ComputeMac(ReadOnlySpan<byte> peers, ReadOnlySpan<byte> callId, ReadOnlySpan<byte> tag, Span<byte> mac)
    {
        var length = 4 + peers.Length + 4 + callId.Length + tag.Length;
        byte[]? rented = null;
        var data = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var w = 0;
            "sgd1"u8.CopyTo(data);
            w += 4;
            peers.CopyTo(data[w..]);
            w += peers.Length;
            BinaryPrimitives.WriteUInt16BigEndian(data[w..], (ushort)callId.Length);
            w += 2;
            callId.CopyTo(data[w..]);
            w += callId.Length;
            BinaryPrimitives.WriteUInt16BigEndian(data[w..], (ushort)tag.Length);
            w += 2;
            tag.CopyTo(data[w..]);
            w += tag.Length;
            _secret.Mac(data[..w], mac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
