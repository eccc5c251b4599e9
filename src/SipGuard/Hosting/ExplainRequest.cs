using System.Net;

namespace SipGuard.Hosting;

/// <summary>A call attempt as described on the <c>explain</c> command line, arguments already checked.</summary>
/// <param name="Source">Where the INVITE would come from; port 0 when not given (matches any port).</param>
/// <param name="From">The From URI, or null.</param>
/// <param name="PAssertedIdentities">Each <c>--pai</c>, in order.</param>
/// <param name="RemotePartyId">The Remote-Party-ID header value, or null.</param>
/// <param name="Privacy">Privacy tokens (<c>id</c>, <c>user</c>, <c>header</c>, …), lower case.</param>
/// <param name="To">The To / Request-URI, or null.</param>
public sealed record ExplainRequest(
    IPEndPoint Source,
    string? From,
    IReadOnlyList<string> PAssertedIdentities,
    string? RemotePartyId,
    IReadOnlyList<string> Privacy,
    string? To);
