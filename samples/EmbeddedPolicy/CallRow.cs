using System.Net;
using System.Text;
using SipGuard.Policy;

/// <summary>One CSV row: where the INVITE came from and the identities it presents.</summary>
internal sealed record CallRow(string Name, IPEndPoint Source, string From, string[] Pai, PrivacyFlags Privacy)
{
    public static bool TryParse(string row, out CallRow call, out string problem)
    {
        call = null!;
        var cells = row.Split(',');
        if (cells.Length != 5)
        {
            problem = $"expected 5 columns (name,source,from,pai,privacy), found {cells.Length}";
            return false;
        }

        if (!IPEndPoint.TryParse(cells[1], out var source))
        {
            problem = $"'{cells[1]}' is not an address like 192.0.2.10:5060";
            return false;
        }

        var privacy = PrivacyFlags.None;
        foreach (var token in cells[4].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            privacy |= token switch
            {
                "id" => PrivacyFlags.Id,
                "user" => PrivacyFlags.User,
                "header" => PrivacyFlags.Header,
                "session" => PrivacyFlags.Session,
                "critical" => PrivacyFlags.Critical,
                "none" => PrivacyFlags.NoneToken,
                _ => PrivacyFlags.None,
            };
        }

        var pai = cells[3].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var uri in pai.Append(cells[2]).Where(u => u.Length > 0))
        {
            if (!uri.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) && !uri.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
            {
                problem = $"'{uri}' is not a sip: or tel: URI";
                return false;
            }
        }

        call = new CallRow(cells[0], source, cells[2], pai, privacy);
        problem = "";
        return true;
    }

    /// <summary>The attempt as a SIP stack would hand it over: PAI values first, then From (header order).</summary>
    public CallAttempt ToAttempt()
    {
        var identities = Pai.Select(u => Identity(IdentityOrigin.Pai, u)).ToList();
        if (From.Length > 0)
        {
            identities.Add(Identity(IdentityOrigin.From, From));
        }

        var source = SourceEndpoint.FromIPAddress(Source.Address, Source.Port);
        return new CallAttempt(source, identities.ToArray(), Privacy);
    }

    /// <summary>sip:user@host or tel:number (a real application takes these from its SIP parser).</summary>
    private static CallerIdentity Identity(IdentityOrigin origin, string uri)
    {
        if (uri.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            var number = uri[4..].Split(';')[0];
            return new CallerIdentity(origin, Encoding.UTF8.GetBytes(number), flags: IdentityFlags.IsTel);
        }

        var rest = uri[4..].Split(';')[0];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var user = at < 0 ? "" : rest[..at];
        var host = at < 0 ? rest : rest[(at + 1)..];
        return new CallerIdentity(origin, Encoding.UTF8.GetBytes(user), Encoding.UTF8.GetBytes(host));
    }
}
