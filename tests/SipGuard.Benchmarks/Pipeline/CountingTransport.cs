using SipGuard.Sip.Transports;

namespace SipGuard.Benchmarks.Pipeline;

/// <summary>
/// Stands in for the sockets: counts sends, keeps a copy of the last INVITE the proxy forwarded (so
/// the benchmark can answer it with the branch the proxy chose) and the status of the last response.
/// </summary>
internal sealed class CountingTransport : ISipTransport
{
    private readonly byte[] _invite = new byte[64 * 1024];

    public long Sends { get; private set; }

    /// <summary>Keep responses as text (set-up only: it allocates).</summary>
    public bool CaptureText { get; set; }

    public int LastStatus { get; private set; }

    /// <summary>The last response sent, as text: for the benchmark's set-up checks only.</summary>
    public string LastResponseText { get; private set; } = string.Empty;

    public int InviteLength { get; private set; }

    public ReadOnlySpan<byte> LastInvite => _invite.AsSpan(0, InviteLength);

    public SendResult Send(in OutboundTarget target, ReadOnlySpan<byte> bytes)
    {
        Sends++;
        if (bytes.StartsWith("INVITE "u8))
        {
            bytes.CopyTo(_invite);
            InviteLength = bytes.Length;
        }
        else if (bytes.StartsWith("SIP/2.0 "u8) && bytes.Length > 11)
        {
            LastStatus = ((bytes[8] - '0') * 100) + ((bytes[9] - '0') * 10) + (bytes[10] - '0');
            if (CaptureText)
            {
                LastResponseText = System.Text.Encoding.ASCII.GetString(bytes);
            }
        }

        return SendResult.Sent;
    }
}
