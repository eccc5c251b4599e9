using System.Globalization;

namespace SipGuard.Proxy.Telemetry;

/// <summary>SIP status codes as preallocated strings, for metric tags and span attributes (no string per message).</summary>
internal static class StatusCodeNames
{
    private static readonly string[] Names = Enumerable.Range(0, 700).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    public static string Of(int status) => (uint)status < Names.Length ? Names[status] : "other";
}
