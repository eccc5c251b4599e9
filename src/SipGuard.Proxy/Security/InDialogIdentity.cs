using SipGuard.Sip.Editing;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Security;

/// <summary>
/// The caller a dialog's far end sees was asserted once, on the screened INVITE. A trunk's later
/// requests in that dialog (a re-INVITE, UPDATE) could otherwise assert another caller, so their
/// P-Asserted-Identity and Remote-Party-ID are removed before they are forwarded. P-Preferred-Identity
/// is left to <see cref="Identity.IdentityEditor"/>, which removes it from every request (two edits
/// of one line would overlap); From cannot change inside a dialog (RFC 3261 §12.2.1.1).
/// </summary>
internal static class InDialogIdentity
{
    public static int Strip(SipMessage request, SipMessageEditor editor)
    {
        var removed = 0;
        var headers = request.Headers;
        for (var i = 0; i < headers.Length; i++)
        {
            if (headers[i].Id is KnownHeader.PAssertedIdentity or KnownHeader.RemotePartyId)
            {
                editor.RemoveHeader(i);
                removed++;
            }
        }

        return removed;
    }
}
