using SipGuard.Sip.Editing;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Validation;

namespace SipGuard.Conformance.Tests;

/// <summary>Runs a message through what the proxy does (parse, validate, map to a reaction) and names the outcome.</summary>
internal static class CorpusOutcome
{
    private static readonly SipRequestValidator Validator = new();

    public static string Datagram(byte[] bytes, SipValidationRole role, SipMessage message)
    {
        var error = SipParser.Parse(bytes, 0, bytes.Length, SipParserLimits.Default, message);
        if (error.IsError)
        {
            return Name(SipErrorReactions.For(error, message.IsRequest));
        }

        var check = message.IsRequest ? Validator.Validate(message, role) : SipResponseValidator.Validate(message);
        return Name(SipErrorReactions.For(check, message.IsRequest));
    }

    public static string Stream(byte[] bytes)
    {
        if (!SipFraming.TryFindMessageLength(bytes, SipParserLimits.Default, out _, out var error))
        {
            return "wait";
        }

        return error.IsError ? "close" : "accept";
    }

    public static byte[] RoundTrip(SipMessage message)
    {
        var editor = new SipMessageEditor();
        editor.Reset(message);
        var output = new byte[editor.GetLength()];
        editor.TryWrite(output, out var written).Should().BeTrue();
        return output[..written];
    }

    private static string Name(SipReaction reaction) => reaction.Action switch
    {
        SipReactionAction.Process => "accept",
        SipReactionAction.Drop => "drop",
        _ => reaction.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
