using SipGuard.Sip.Messages;

namespace SipGuard.Sip.Headers;

/// <summary>One Via value: sent-protocol, sent-by and the parameters a proxy and transaction layer need.</summary>
public readonly struct ViaValue
{
    public ByteRange Whole { get; init; }

    public ByteRange ProtocolName { get; init; }

    public ByteRange ProtocolVersion { get; init; }

    public ByteRange Transport { get; init; }

    public ByteRange Host { get; init; }

    public bool IsIPv6Reference { get; init; }

    /// <summary>sent-by port, or -1 when absent.</summary>
    public int Port { get; init; }

    public ByteRange Parameters { get; init; }

    public ByteRange Branch { get; init; }

    public bool HasBranch { get; init; }

    public ByteRange Received { get; init; }

    public bool HasReceived { get; init; }

    public bool HasRport { get; init; }

    /// <summary>The rport value, or -1 when the parameter has no value (a request asking for it).</summary>
    public int Rport { get; init; }

    public ByteRange Maddr { get; init; }

    public bool HasMaddr { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> message, ByteRange value, out ViaValue via) =>
        ViaParser.TryParse(message, value, out via);

    public bool TryGetParameter(ReadOnlySpan<byte> message, ReadOnlySpan<byte> name, out ByteRange value) =>
        SipParameters.TryFind(message, Parameters, name, out value);
}
