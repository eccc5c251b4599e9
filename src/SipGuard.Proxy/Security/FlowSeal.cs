using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace SipGuard.Proxy.Security;

/// <summary>
/// The value of the <c>;sgf=</c> flow token in SipGuard's Record-Route (the TCP connection a
/// dialog's caller uses, the idea of RFC 5626): <c>&lt;connection id&gt;.&lt;mac&gt;</c>, the mac a
/// truncated keyed BLAKE3 hash (<see cref="ProxySecret"/>) over the id and the peer at the far end of that connection. Connection
/// ids are sequential, so without the mac anyone could name another party's connection; with it a
/// token is good only for the connection it was issued for and only towards its peer.
/// </summary>
internal sealed class FlowSeal
{
    private const int MacLength = 9;
    private const int MacChars = MacLength * 4 / 3;

    /// <summary>The longest value <see cref="Write"/> produces (a 19-digit id, the dot, the mac).</summary>
    public const int MaxLength = 19 + 1 + MacChars;

    private readonly ProxySecret _secret;

    public FlowSeal(ProxySecret secret) => _secret = secret;

    public int Write(Span<byte> destination, long connectionId, in DialogPeer peer)
    {
        Utf8Formatter.TryFormat(connectionId, destination, out var w);
        destination[w++] = (byte)'.';
        Span<byte> mac = stackalloc byte[MacLength];
        ComputeMac(connectionId, peer, mac);
        Base64Url.EncodeToUtf8(mac, destination[w..], out _, out var written);
        return w + written;
    }

    /// <summary>True when <paramref name="value"/> is a token this process issued for <paramref name="peer"/>.</summary>
    public bool TryRead(ReadOnlySpan<byte> value, in DialogPeer peer, out long connectionId)
    {
        connectionId = 0;
        var dot = value.IndexOf((byte)'.');
        if (dot <= 0 || value.Length - dot - 1 != MacChars ||
            !Utf8Parser.TryParse(value[..dot], out long id, out var used) || used != dot || id <= 0)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        if (Base64Url.DecodeFromUtf8(value[(dot + 1)..], mac, out _, out var decoded) != OperationStatus.Done || decoded != MacLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacLength];
        ComputeMac(id, peer, expected);
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            return false;
        }

        connectionId = id;
        return true;
    }

    private void ComputeMac(long connectionId, in DialogPeer peer, Span<byte> mac)
    {
        Span<byte> data = stackalloc byte[4 + 8 + DialogPeer.EncodedLength];
        "sgf1"u8.CopyTo(data);
        BinaryPrimitives.WriteInt64BigEndian(data[4..], connectionId);
        peer.Write(data[12..]);
        _secret.Mac(data, mac);
    }
}
