namespace SipGuard.Policy.Tests.Support;

/// <summary>
/// Reads compact identity specs used by the table-driven tests:
/// <c>PAI sip:+861066022236@pbx</c>, <c>FROM "Anonymous" sip:anonymous@anonymous.invalid</c>,
/// <c>PAI tel:6602-2236;phone-context=+86-10</c>, <c>RPID sip:+861066022236@pbx;privacy=full;screen=no</c>.
/// </summary>
internal static class IdentitySpec
{
    public static CallerIdentity Parse(string spec)
    {
        var space = spec.IndexOf(' ');
        var origin = spec[..space] switch
        {
            "PAI" => IdentityOrigin.Pai,
            "FROM" => IdentityOrigin.From,
            "RPID" => IdentityOrigin.Rpid,
            "PPI" => IdentityOrigin.Ppi,
            "DIV" => IdentityOrigin.Diversion,
            "HI" => IdentityOrigin.HistoryInfo,
            var o => throw new ArgumentException($"unknown origin {o}"),
        };
        var rest = spec[(space + 1)..].Trim();
        var display = string.Empty;
        if (rest.StartsWith('"'))
        {
            var close = rest.IndexOf('"', 1);
            display = rest[1..close];
            rest = rest[(close + 1)..].Trim();
        }

        var flags = IdentityFlags.None;
        var privacy = RpidPrivacy.None;
        string user, host = string.Empty, parameters;
        var phoneContext = string.Empty;
        if (rest.StartsWith("tel:", StringComparison.Ordinal))
        {
            flags |= IdentityFlags.IsTel;
            var body = rest[4..];
            var semi = body.IndexOf(';');
            user = semi < 0 ? body : body[..semi];
            parameters = semi < 0 ? string.Empty : body[(semi + 1)..];
        }
        else if (!rest.StartsWith("sip:", StringComparison.Ordinal))
        {
            // im:, urn:, http:…: the proxy passes only the scheme's verdict, no user part.
            flags |= IdentityFlags.OtherScheme;
            user = string.Empty;
            parameters = string.Empty;
        }
        else
        {
            var body = rest[4..];
            var at = body.LastIndexOf('@');
            user = at < 0 ? string.Empty : body[..at];
            var hostAndParams = at < 0 ? body : body[(at + 1)..];
            var semi = hostAndParams.IndexOf(';');
            host = semi < 0 ? hostAndParams : hostAndParams[..semi];
            parameters = semi < 0 ? string.Empty : hostAndParams[(semi + 1)..];
        }

        foreach (var p in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = p.Split('=', 2);
            switch (kv[0])
            {
                case "user" when kv[1] == "phone": flags |= IdentityFlags.UserEqualsPhone; break;
                case "phone-context": phoneContext = kv[1]; break;
                case "privacy": privacy = Enum.Parse<RpidPrivacy>(kv[1], ignoreCase: true); break;
                case "screen" when kv[1] == "no": flags |= IdentityFlags.RpidScreenNo; break;
            }
        }

        return CallerIdentity.FromText(origin, user, host, display, flags, privacy, phoneContext);
    }

    /// <summary>Specs separated by " | "; <c>N × spec</c> repeats one.</summary>
    public static CallerIdentity[] ParseAll(string specs) =>
        string.IsNullOrWhiteSpace(specs) ? [] : [.. specs.Split(" | ").SelectMany(Repeat)];

    private static IEnumerable<CallerIdentity> Repeat(string spec)
    {
        var times = spec.IndexOf(" × ", StringComparison.Ordinal);
        return times < 0
            ? [Parse(spec)]
            : Enumerable.Repeat(Parse(spec[(times + 3)..]), int.Parse(spec[..times], System.Globalization.CultureInfo.InvariantCulture));
    }

    public static PrivacyFlags Privacy(string tokens)
    {
        var flags = PrivacyFlags.None;
        foreach (var t in tokens.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            flags |= t switch
            {
                "id" => PrivacyFlags.Id,
                "user" => PrivacyFlags.User,
                "header" => PrivacyFlags.Header,
                "session" => PrivacyFlags.Session,
                "critical" => PrivacyFlags.Critical,
                "none" => PrivacyFlags.NoneToken,
                _ => throw new ArgumentException(t),
            };
        }

        return flags;
    }
}
