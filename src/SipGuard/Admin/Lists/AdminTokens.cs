using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SipGuard.Admin.Lists;

/// <summary>Bearer-token check for changes on the admin address: the token's name, or null (the caller gets 401).</summary>
internal static class AdminTokens
{
    private const string Scheme = "Bearer ";

    public static string? Authenticate(HttpRequest request, IReadOnlyDictionary<string, string> tokens)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (tokens.Count == 0 || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var presented = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        string? name = null;
        foreach (var (tokenName, token) in tokens)
        {
            // Every token is compared, in constant time, so the answer's timing says nothing about which one was close.
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(token)))
            {
                name = tokenName;
            }
        }

        return name;
    }
}
