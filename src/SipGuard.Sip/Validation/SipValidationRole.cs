namespace SipGuard.Sip.Validation;

/// <summary>Which element is judging the request: the checks a proxy makes differ from a UAS's (RFC 4475 3.3).</summary>
public enum SipValidationRole : byte
{
    /// <summary>A proxy: syntax, mandatory headers, ranges, Max-Forwards (483), Proxy-Require (420).</summary>
    Proxy = 0,

    /// <summary>A user-agent server that is not a registrar: adds 501, 405 for REGISTER, Require (420), 415, 406.</summary>
    UserAgentServer,

    /// <summary>A registrar: REGISTER's To must be a SIP or SIPS URI.</summary>
    Registrar,
}
