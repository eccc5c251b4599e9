using SipGuard.Sip.Editing;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Security;

/// <summary>
/// The caller a dialog's far end sees was asserted once, on the screened INVITE. A trunk's later
/// requests in that dialog (a re-INVITE, UPDATE) could otherwise assert another caller, so the
/// identity headers of RFC 3325 and RFC 3323's Remote-Party-ID are removed from them before they
/// are forwarded; From cannot change inside a dialog (RFC 3261 §12.2.1.1).
/// </summary>
internal static class InDialogIdentity
{
    public static int Strip(SipMessage request, SipMessageEditor editor)
    {
        var removed = 0;
        var headers = request.Headers;
        for (var i = 0; i < headers.Length; i++)
        {
            if (headers[i].Id is KnownHeader.PAssertedIdentity or KnownHeader.PPreferredIdentity or KnownHeader.RemotePartyId or KnownHeader.Identity)
            {
                editor.RemoveHeader(i);
                removed++;
            }
        }

        return removed;
    }
}
