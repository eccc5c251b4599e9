namespace SipGuard.Proxy.Security;

/// <summary>Which end of a verified dialog sent an in-dialog request.</summary>
internal enum DialogSide : byte
{
    /// <summary>The token did not verify: not a dialog SipGuard established, or not from one of its peers.</summary>
    None = 0,

    /// <summary>The peer that sent the dialog-creating request (a trunk for an outgoing call).</summary>
    Initiator = 1,

    /// <summary>The peer SipGuard forwarded the dialog-creating request to.</summary>
    Recipient = 2,
}
