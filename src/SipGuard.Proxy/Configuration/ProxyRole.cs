namespace SipGuard.Proxy.Configuration;

/// <summary>What SipGuard does with a call it has screened (YAML <c>role</c>).</summary>
public enum ProxyRole : byte
{
    /// <summary>Forward it to the trunk's upstream and stay in the path (RFC 3261 §16).</summary>
    Proxy,

    /// <summary>Answer the INVITE itself: 302 naming the upstream target, or the rejection; forward nothing (RFC 3261 §8.3).</summary>
    Redirect,
}
