using System.Text;

namespace SipGuard.Proxy.Tests.Properties;

/// <summary>Random but plausible SIP messages: mixed name forms, folds, lists, odd numbers.</summary>
internal static class MessageGenerator
{
    private static readonly string[] Methods = ["INVITE", "ACK", "BYE", "OPTIONS", "REGISTER", "NEWMETHOD", "CANCEL"];
    private static readonly string[] Uris = ["sip:+8610660@127.0.0.1", "sips:u;p=1@[2001:db8::1]:5061;lr", "tel:+861066;phone-context=x", "sip:a:pw@h?x=y", "urn:z"];
    private static readonly string[] Numbers = ["0", "1", "70", "0068", "255", "256", "4294967295", "4294967296", "99999999999999999999999", "-1", ""];

    public static byte[] Generate(Random r)
    {
        var sb = new StringBuilder();
        var request = r.Next(4) != 0;
        sb.Append(request ? $"{Pick(r, Methods)} {Pick(r, Uris)} SIP/2.0\r\n" : $"SIP/2.0 {r.Next(100, 700)} Reason\r\n");
        var headers = r.Next(0, 14);
        for (var i = 0; i < headers; i++)
        {
            sb.Append(r.Next(12) switch
            {
                0 => $"{(r.Next(2) == 0 ? "Via" : "v")}: SIP/2.0/UDP 192.0.2.{r.Next(255)}:{Pick(r, Numbers)};branch=z9hG4bK{r.Next()};rport{(r.Next(2) == 0 ? ", SIP/2.0/TCP [2001:db8::9]" : "")}\r\n",
                1 => $"From: \"N \\\"q\\\"\" <{Pick(r, Uris)}>;tag={r.Next()}\r\n",
                2 => $"t: {Pick(r, Uris)}\r\n",
                3 => $"i: {r.Next()}@h\r\n",
                4 => $"CSeq: {Pick(r, Numbers)} {Pick(r, Methods)}\r\n",
                5 => $"Max-Forwards: {Pick(r, Numbers)}\r\n",
                6 => $"P-Asserted-Identity: <{Pick(r, Uris)}>, <tel:+86{r.Next()}>\r\n",
                7 => $"Privacy: id;user\r\n",
                8 => $"Remote-Party-ID: <{Pick(r, Uris)}>;party=calling;privacy=full;screen=no\r\n",
                9 => $"Route: <sip:r{r.Next(9)};lr>,\r\n <sip:q;lr>\r\n",
                10 => $"Contact: {(r.Next(2) == 0 ? "*" : $"<{Pick(r, Uris)}>;expires={Pick(r, Numbers)}")}\r\n",
                _ => $"X-H{r.Next(5)}: {new string('a', r.Next(0, 40))}\r\n",
            });
        }

        var body = r.Next(3) == 0 ? "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\n" : "";
        if (r.Next(5) != 0)
        {
            sb.Append($"Content-Length: {(r.Next(8) == 0 ? Pick(r, Numbers) : body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}\r\n");
        }

        sb.Append("\r\n").Append(body);
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    private static string Pick(Random r, string[] values) => values[r.Next(values.Length)];
}
