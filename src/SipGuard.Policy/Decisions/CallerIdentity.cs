using System.Text;

namespace SipGuard.Policy;

/// <summary>
/// One caller identity as the INVITE presents it, as slices of the received buffer (no strings):
/// the user part still %-escaped, the display name, the host, the phone-context, and flags.
/// </summary>
public readonly struct CallerIdentity
{
    public CallerIdentity(
        IdentityOrigin origin,
        ReadOnlyMemory<byte> userPart,
        ReadOnlyMemory<byte> host = default,
        ReadOnlyMemory<byte> displayName = default,
        IdentityFlags flags = IdentityFlags.None,
        RpidPrivacy rpidPrivacy = RpidPrivacy.None,
        ReadOnlyMemory<byte> phoneContext = default)
    {
        Origin = origin;
        UserPart = userPart;
        Host = host;
        DisplayName = displayName;
        Flags = flags;
        RpidPrivacy = rpidPrivacy;
        PhoneContext = phoneContext;
    }

    public IdentityOrigin Origin { get; }

    /// <summary>User part of the URI (tel: the number), %-escaped as received.</summary>
    public ReadOnlyMemory<byte> UserPart { get; }

    /// <summary>Host of a sip(s) URI (empty for tel:).</summary>
    public ReadOnlyMemory<byte> Host { get; }

    /// <summary>Display name without quotes (may be empty).</summary>
    public ReadOnlyMemory<byte> DisplayName { get; }

    public IdentityFlags Flags { get; }

    /// <summary>RPID privacy parameter (only meaningful for <see cref="IdentityOrigin.Rpid"/>).</summary>
    public RpidPrivacy RpidPrivacy { get; }

    /// <summary>The URI's <c>phone-context</c> parameter value, if any.</summary>
    public ReadOnlyMemory<byte> PhoneContext { get; }

    /// <summary>Convenience for tests, config tools and explain: builds an identity from strings (allocates).</summary>
    public static CallerIdentity FromText(
        IdentityOrigin origin,
        string userPart,
        string host = "",
        string displayName = "",
        IdentityFlags flags = IdentityFlags.None,
        RpidPrivacy rpidPrivacy = RpidPrivacy.None,
        string phoneContext = "") =>
        new(origin, Encoding.UTF8.GetBytes(userPart), Encoding.UTF8.GetBytes(host), Encoding.UTF8.GetBytes(displayName), flags, rpidPrivacy, Encoding.UTF8.GetBytes(phoneContext));

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Origin).Append(": ");
        if (!DisplayName.IsEmpty)
        {
            sb.Append('"').Append(Encoding.UTF8.GetString(DisplayName.Span)).Append("\" ");
        }

        sb.Append((Flags & IdentityFlags.IsTel) != 0 ? "tel:" : (Flags & IdentityFlags.OtherScheme) != 0 ? "(a scheme SipGuard does not screen):" : "sip:").Append(Encoding.UTF8.GetString(UserPart.Span));
        if (!Host.IsEmpty)
        {
            sb.Append('@').Append(Encoding.UTF8.GetString(Host.Span));
        }

        if (!PhoneContext.IsEmpty)
        {
            sb.Append(";phone-context=").Append(Encoding.UTF8.GetString(PhoneContext.Span));
        }

        if ((Flags & IdentityFlags.UserEqualsPhone) != 0)
        {
            sb.Append(";user=phone");
        }

        if (RpidPrivacy != RpidPrivacy.None)
        {
            sb.Append(";privacy=").Append(RpidPrivacy.ToString().ToLowerInvariant());
        }

        if ((Flags & IdentityFlags.RpidScreenNo) != 0)
        {
            sb.Append(";screen=no");
        }

        return sb.ToString();
    }
}
