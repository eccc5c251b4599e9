using System.Text;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Transactions;

namespace SipGuard.Proxy.Redirect;

/// <summary>
/// The stage that replaces the forward stage in the redirect role: an allowed or tagged INVITE is
/// answered <c>302 Moved Temporarily</c> with a Contact naming the upstream target admission chose
/// (<see cref="RedirectContact"/>) and, for a tagged call, the grey-list label in the tag header.
/// The answer is the transaction's final response, so a retransmitted INVITE gets the same bytes,
/// the ACK is absorbed, and a CANCEL finds a transaction that has already been answered.
/// </summary>
internal sealed class RedirectResponder
{
    private const int MaxLabel = 40; // as the proxy's grey-list header: UTF-8 of at most 40 chars

    private readonly LocalReplies _replies;

    public RedirectResponder(LocalReplies replies) => _replies = replies;

    public void Answer(ProxyWorkspace workspace, ProxyTransaction transaction, in RequestPlan plan)
    {
        var message = workspace.Message;
        Span<byte> contact = stackalloc byte[RedirectContact.FixedCapacity + 128];
        var contactLength = RedirectContact.Write(message, plan.Target, plan.Tag is not null, contact);
        if (contactLength == 0)
        {
            _replies.RespondFinal(workspace, message, transaction, 500, "Server Internal Error"u8, "contact-too-long"u8);
            return;
        }

        Span<byte> label = stackalloc byte[MaxLabel * 3];
        var labelLength = plan.Tag is { } tag ? Encoding.UTF8.GetBytes(tag.AsSpan(0, Math.Min(tag.Length, MaxLabel)), label) : 0;
        _replies.RespondFinal(workspace, message, transaction, 302, "Moved Temporarily"u8, default, contact[..contactLength], label[..labelLength]);
    }
}
