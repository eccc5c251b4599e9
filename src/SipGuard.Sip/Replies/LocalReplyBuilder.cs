using System.Buffers;
using SipGuard.Sip.Editing;
using SipGuard.Sip.Messages;

namespace SipGuard.Sip.Replies;

/// <summary>
/// Builds a response to a request the proxy answers itself (RFC 3261 8.2.6): status line, every
/// Via line, From, To, Call-ID and CSeq copied byte for byte, a To-tag when the To has none, the
/// extra header lines added with <see cref="AddHeader"/>, and Content-Length: 0. Reusable.
/// </summary>
public sealed class LocalReplyBuilder
{
    private const int MaxInserts = 2;
    private readonly byte[] _insertText = new byte[128];
    private readonly int[] _insertAt = new int[MaxInserts];
    private readonly int[] _insertLength = new int[MaxInserts];
    private byte[] _extra = new byte[256];
    private int _extraLength;
    private int _insertCount;
    private int _insertTextLength;

    /// <summary>Clears the extra headers and the Via inserts.</summary>
    public void Reset()
    {
        _extraLength = 0;
        _insertCount = 0;
        _insertTextLength = 0;
    }

    /// <summary>
    /// Inserts <paramref name="text"/> at <paramref name="offset"/> of the request (inside a copied
    /// header line, in ascending order): how the top Via gets the received/rport stamp of RFC 3261
    /// §18.2.1 and RFC 3581 that the peer reads in our reply. False when there is no room.
    /// </summary>
    public bool Insert(int offset, ReadOnlySpan<byte> text)
    {
        if (_insertCount == MaxInserts || _insertTextLength + text.Length > _insertText.Length ||
            (_insertCount > 0 && offset < _insertAt[_insertCount - 1]))
        {
            return false;
        }

        text.CopyTo(_insertText.AsSpan(_insertTextLength));
        _insertTextLength += text.Length;
        _insertAt[_insertCount] = offset;
        _insertLength[_insertCount++] = text.Length;
        return true;
    }

    /// <summary>Adds a header line (e.g. Warning, Retry-After, Unsupported) to every reply built until <see cref="Reset"/>.</summary>
    public void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var length = name.Length + 2 + value.Length + 2;
        if (_extraLength + length > _extra.Length)
        {
            Array.Resize(ref _extra, Math.Max(_extra.Length * 2, _extraLength + length));
        }

        var d = _extra.AsSpan(_extraLength, length);
        name.CopyTo(d);
        d[name.Length] = (byte)':';
        d[name.Length + 1] = (byte)' ';
        value.CopyTo(d[(name.Length + 2)..]);
        d[^2] = (byte)'\r';
        d[^1] = (byte)'\n';
        _extraLength += length;
    }

    public int GetLength(SipMessage request, int statusCode, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> toTag) =>
        Emit(request, statusCode, reason, toTag, default, measure: true);

    /// <summary>Writes the reply; false if the destination is too small or the status is not 100..699.</summary>
    public bool TryWrite(SipMessage request, int statusCode, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> toTag, Span<byte> destination, out int written)
    {
        written = 0;
        if (statusCode is < 100 or > 699 || destination.Length < GetLength(request, statusCode, reason, toTag))
        {
            return false;
        }

        written = Emit(request, statusCode, reason, toTag, destination, measure: false);
        return true;
    }

    public bool TryWritePooled(SipMessage request, int statusCode, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> toTag, out SipOutputBuffer output, ArrayPool<byte>? pool = null)
    {
        pool ??= ArrayPool<byte>.Shared;
        var array = pool.Rent(GetLength(request, statusCode, reason, toTag));
        if (!TryWrite(request, statusCode, reason, toTag, array, out var written))
        {
            pool.Return(array);
            output = default;
            return false;
        }

        output = new SipOutputBuffer(array, written, pool);
        return true;
    }

    private int Emit(SipMessage request, int statusCode, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> toTag, Span<byte> d, bool measure)
    {
        var w = 0;
        Put("SIP/2.0 "u8, d, ref w, measure);
        Span<byte> code = stackalloc byte[3];
        code[0] = (byte)('0' + (statusCode / 100 % 10));
        code[1] = (byte)('0' + (statusCode / 10 % 10));
        code[2] = (byte)('0' + (statusCode % 10));
        Put(code, d, ref w, measure);
        Put(" "u8, d, ref w, measure);
        Put(reason, d, ref w, measure);
        Put("\r\n"u8, d, ref w, measure);

        var s = request.Span;
        var addTag = statusCode != 100 && !toTag.IsEmpty && !(request.TryGetTo(out var to) && to.HasTag);
        foreach (var h in request.Headers)
        {
            if (h.Id is not (KnownHeader.Via or KnownHeader.From or KnownHeader.To or KnownHeader.CallId or KnownHeader.CSeq))
            {
                continue;
            }

            // the line up to the end of its value, as received (compact names and folds kept)
            PutWithInserts(s, h.Line.Offset, h.Value.End, d, ref w, measure);
            if (h.Id == KnownHeader.To && addTag)
            {
                Put(";tag="u8, d, ref w, measure);
                Put(toTag, d, ref w, measure);
                addTag = false;
            }

            Put("\r\n"u8, d, ref w, measure);
        }

        Put(_extra.AsSpan(0, _extraLength), d, ref w, measure);
        Put("Content-Length: 0\r\n\r\n"u8, d, ref w, measure);
        return w;
    }

    private void PutWithInserts(ReadOnlySpan<byte> s, int from, int to, Span<byte> d, ref int w, bool measure)
    {
        var text = 0;
        for (var i = 0; i < _insertCount; i++)
        {
            var at = _insertAt[i];
            if (at >= from && at <= to)
            {
                Put(s[from..at], d, ref w, measure);
                Put(_insertText.AsSpan(text, _insertLength[i]), d, ref w, measure);
                from = at;
            }

            text += _insertLength[i];
        }

        Put(s[from..to], d, ref w, measure);
    }

    private static void Put(ReadOnlySpan<byte> bytes, Span<byte> d, ref int w, bool measure)
    {
        if (!measure)
        {
            bytes.CopyTo(d[w..]);
        }

        w += bytes.Length;
    }
}
