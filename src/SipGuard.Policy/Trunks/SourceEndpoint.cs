using System.Buffers.Binary;
using System.Net;

namespace SipGuard.Policy;

/// <summary>
/// The address and port a request came from, as 128 bits (IPv4 held as IPv4-mapped IPv6) so trunk
/// matching needs no <see cref="IPAddress"/> per call.
/// </summary>
public readonly struct SourceEndpoint : IEquatable<SourceEndpoint>
{
    private const ulong MappedHigh = 0;
    private const ulong MappedLowTag = 0x0000_FFFF_0000_0000UL;

    internal SourceEndpoint(ulong high, ulong low, int port)
    {
        High = high;
        Low = low;
        Port = (ushort)port;
    }

    /// <summary>First 64 bits of the IPv6 (or mapped IPv4) address.</summary>
    internal ulong High { get; }

    /// <summary>Last 64 bits.</summary>
    internal ulong Low { get; }

    /// <summary>The source port.</summary>
    public ushort Port { get; }

    internal bool IsIPv4 => High == MappedHigh && (Low & 0xFFFF_FFFF_0000_0000UL) == MappedLowTag;

    /// <summary>From an IPv4 address in network byte order (as in a socket address).</summary>
    public static SourceEndpoint FromIPv4(ReadOnlySpan<byte> address, int port) =>
        new(MappedHigh, MappedLowTag | BinaryPrimitives.ReadUInt32BigEndian(address), port);

    /// <summary>From 4 (IPv4) or 16 (IPv6) address bytes in network order.</summary>
    public static SourceEndpoint FromBytes(ReadOnlySpan<byte> address, int port) => address.Length switch
    {
        4 => FromIPv4(address, port),
        16 => new(BinaryPrimitives.ReadUInt64BigEndian(address), BinaryPrimitives.ReadUInt64BigEndian(address[8..]), port),
        _ => throw new ArgumentException("an address is 4 or 16 bytes", nameof(address)),
    };

    /// <summary>From an <see cref="IPAddress"/> (no allocation).</summary>
    public static SourceEndpoint FromIPAddress(IPAddress address, int port)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        // An IPv4-mapped IPv6 address arrives as 16 bytes and lands on the same mapped value as its IPv4 form.
        return FromBytes(bytes[..written], port);
    }

    /// <summary>Convenience for tests and explain: "127.0.0.2", port.</summary>
    public static SourceEndpoint Parse(string address, int port) => FromIPAddress(IPAddress.Parse(address), port);

    /// <inheritdoc/>
    public bool Equals(SourceEndpoint other) => High == other.High && Low == other.Low && Port == other.Port;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SourceEndpoint o && Equals(o);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(High, Low, Port);

    /// <summary>Same address and port.</summary>
    public static bool operator ==(SourceEndpoint left, SourceEndpoint right) => left.Equals(right);

    /// <summary>Different address or port.</summary>
    public static bool operator !=(SourceEndpoint left, SourceEndpoint right) => !left.Equals(right);

    /// <summary><c>192.0.2.10:5060</c> or <c>[2001:db8::1]:5060</c>.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Low);
            return $"{new IPAddress(bytes[..4])}:{Port}";
        }

        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Low);
        return $"[{new IPAddress(bytes)}]:{Port}";
    }
}
