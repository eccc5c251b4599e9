using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Headers;

/// <summary>Lookups over a ';'-parameter list (URI params, header params).</summary>
public static class SipParameters
{
    /// <summary>Finds a parameter by name, case-insensitive; a parameter without '=' has an empty value.</summary>
    public static bool TryFind(ReadOnlySpan<byte> message, ByteRange parameters, ReadOnlySpan<byte> name, out ByteRange value)
    {
        value = default;
        if (parameters.IsEmpty)
        {
            return false;
        }

        var reader = new SipParameterReader(message, parameters.Offset, parameters.End);
        while (reader.MoveNext(out var n, out var v))
        {
            if (SipChars.EqualsIgnoreCase(message.Slice(n.Offset, n.Length), name))
            {
                value = v;
                return true;
            }
        }

        return false;
    }

    /// <summary>True if every parameter has a non-empty name and '=' is followed by a value.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> message, ByteRange parameters)
    {
        var reader = new SipParameterReader(message, parameters.Offset, parameters.End);
        while (reader.MoveNext(out _, out _))
        {
        }

        return !reader.Failed;
    }
}
