using SipGuard.Policy;
using SipGuard.Sip.Editing;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Replies;

namespace SipGuard.Proxy.Core;

/// <summary>
/// Everything one thread needs to handle one message, allocated once and reused: the message
/// index, a second index for re-reading stored copies (CANCEL, ACK, local replies from a
/// transaction), the editor, the reply builder and the byte buffers.
/// </summary>
internal sealed class ProxyWorkspace
{
    public ProxyWorkspace(int maxMessageSize)
    {
        Input = new byte[maxMessageSize];
        Output = new byte[maxMessageSize + 1024];
        Scratch = new byte[maxMessageSize + 1024];
    }

    /// <summary>The received message, copied here so the index can refer to an array.</summary>
    public byte[] Input { get; }

    public byte[] Output { get; }

    /// <summary>For a stored copy re-read with <see cref="Stored"/>.</summary>
    public byte[] Scratch { get; }

    public SipMessage Message { get; } = new();

    public SipMessage Stored { get; } = new();

    public SipMessageEditor Editor { get; } = new();

    public LocalReplyBuilder Reply { get; } = new();

    /// <summary>One over the policy's limit, so a request presenting more is seen to (and refused).</summary>
    public CallerIdentity[] Identities { get; } = new CallerIdentity[CallAttempt.MaxIdentities + 1];
}
