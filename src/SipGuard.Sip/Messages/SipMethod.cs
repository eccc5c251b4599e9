namespace SipGuard.Sip.Messages;

/// <summary>Request methods; <see cref="Extension"/> is any other token (methods are case-sensitive).</summary>
public enum SipMethod : byte
{
    None = 0,
    Extension,
    Invite,
    Ack,
    Bye,
    Cancel,
    Options,
    Register,
    Prack,
    Subscribe,
    Notify,
    Publish,
    Info,
    Refer,
    Message,
    Update,
}
