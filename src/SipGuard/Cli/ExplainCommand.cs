using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.Cli;

/// <summary><c>sipguard explain</c>: show how the loaded policy would decide one call attempt, rule by rule.</summary>
internal static class ExplainCommand
{
    private static readonly string[] PrivacyTokens = ["none", "header", "session", "user", "id", "critical"];

    public static Command Create(HostSeams seams)
    {
        var config = CliOptions.Config();
        var source = new Option<IPEndPoint>("--source", "-s")
        {
            Description = "Address the INVITE comes from, IP[:PORT] (e.g. 127.0.0.2 or [::1]:5060); selects the trunk.",
            HelpName = "IP[:PORT]",
            Required = true,
            CustomParser = ParseSource,
        };
        var from = new Option<string?>("--from")
        {
            Description = "The From URI, e.g. sip:+861066022236@127.0.0.2 or tel:+861066022236.",
            HelpName = "URI",
        };
        var pai = new Option<string[]>("--pai")
        {
            Description = "A P-Asserted-Identity URI; repeat for several (e.g. a sip: and a tel: identity).",
            HelpName = "URI",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        var rpid = new Option<string?>("--rpid")
        {
            Description = "The Remote-Party-ID header value, e.g. '<sip:+861066022236@host>;privacy=full'.",
            HelpName = "VALUE",
        };
        var privacy = new Option<string?>("--privacy")
        {
            Description = "The Privacy header's tokens, separated by ';' (none, header, session, user, id, critical).",
            HelpName = "TOKENS",
        };
        var to = new Option<string?>("--to")
        {
            Description = "The called party (To / Request-URI), e.g. sip:4001@127.0.0.1.",
            HelpName = "URI",
        };

        from.Validators.Add(result => CheckUri(result, "--from"));
        to.Validators.Add(result => CheckUri(result, "--to"));
        pai.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!LooksLikeUri(value))
                {
                    result.AddError($"--pai '{value}' is not a sip:, sips: or tel: URI");
                }
            }
        });
        rpid.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !LooksLikeUri(value))
            {
                result.AddError($"--rpid '{value}' holds no sip:, sips: or tel: URI");
            }
        });
        privacy.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value)
            {
                foreach (var token in SplitPrivacy(value))
                {
                    if (!PrivacyTokens.Contains(token))
                    {
                        result.AddError($"--privacy '{token}' is not one of {string.Join(", ", PrivacyTokens)}");
                    }
                }
            }
        });

        var command = new Command("explain", "Show how the policy would decide one INVITE (which trunk, each rule consulted, the verdict) without sending anything.")
        {
            config, source, from, pai, rpid, privacy, to,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(config)!;
            var result = ConfigBuild.Run(path, seams.Compiler, previous: null);
            if (!result.Succeeded)
            {
                ErrorPrinter.Print(parse.InvocationConfiguration.Error, path, result.Errors);
                return 1;
            }

            var request = new ExplainRequest(
                parse.GetValue(source)!,
                parse.GetValue(from),
                parse.GetValue(pai) ?? [],
                parse.GetValue(rpid),
                parse.GetValue(privacy) is { } tokens ? SplitPrivacy(tokens) : [],
                parse.GetValue(to));
            return seams.Explainer.Explain(result.Snapshot!, request, parse.InvocationConfiguration.Output);
        });
        return command;
    }

    private static IPEndPoint? ParseSource(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (IPEndPoint.TryParse(text, out var endPoint) && (text.Contains('.') || text.Contains(':')))
        {
            return endPoint;
        }

        result.AddError($"--source '{text}' is not IP[:PORT] (e.g. 127.0.0.2, 127.0.0.2:5060, [::1]:5060)");
        return null;
    }

    private static void CheckUri(OptionResult result, string name)
    {
        if (result.GetValueOrDefault<string?>() is { } value && !LooksLikeUri(value))
        {
            result.AddError($"{name} '{value}' is not a sip:, sips: or tel: URI");
        }
    }

    /// <summary>A URI alone or inside a name-addr (<c>"Alice" &lt;sip:…&gt;</c>).</summary>
    private static bool LooksLikeUri(string value)
    {
        var text = value.Trim();
        var open = text.IndexOf('<');
        if (open >= 0)
        {
            var close = text.IndexOf('>', open);
            if (close < 0)
            {
                return false;
            }

            text = text[(open + 1)..close];
        }

        foreach (var scheme in (string[])["sip:", "sips:", "tel:"])
        {
            if (text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && text.Length > scheme.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static string[] SplitPrivacy(string value) =>
        value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(token => token.ToLowerInvariant())
            .ToArray();
}
