using System.Buffers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Editing;

/// <summary>
/// Records edits against offsets of a parsed message (Kamailio "lumps") and applies them in one
/// pass on output, so every untouched byte goes out identical. With no edits the output equals
/// the message bytes (trailing datagram octets excluded). Reusable: call <see cref="Reset"/>.
/// Offsets are those of the message; edits must not overlap (<see cref="TryWrite"/> fails if they do).
/// </summary>
public sealed class SipMessageEditor
{
    private Edit[] _edits = new Edit[16];
    private int _editCount;
    private byte[] _scratch = new byte[1024];
    private int _scratchLength;
    private SipMessage? _message;

    public int EditCount => _editCount;

    public SipMessage Message => _message ?? throw new InvalidOperationException("Reset(message) first.");

    public void Reset(SipMessage message)
    {
        _message = message;
        _editCount = 0;
        _scratchLength = 0;
    }

    /// <summary>Replaces <paramref name="range"/> (message offsets) with <paramref name="bytes"/>.</summary>
    public void Replace(ByteRange range, ReadOnlySpan<byte> bytes) => Add(range.Offset, range.Length, Store(bytes), bytes.Length);

    public void Insert(int offset, ReadOnlySpan<byte> bytes) => Add(offset, 0, Store(bytes), bytes.Length);

    public void Remove(ByteRange range) => Add(range.Offset, range.Length, 0, 0);

    public void InsertHeaderBefore(int headerIndex, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        InsertLine(Message.Headers[headerIndex].Line.Offset, name, value);

    public void InsertHeaderAfter(int headerIndex, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        InsertLine(Message.Headers[headerIndex].Line.End, name, value);

    /// <summary>Adds a header line at the end of the header section.</summary>
    public void AppendHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var m = Message;
        var at = m.HeaderCount > 0 ? m.Headers[m.HeaderCount - 1].Line.End : m.StartLine.End;
        InsertLine(at, name, value);
    }

    public void RemoveHeader(int headerIndex) => Remove(Message.Headers[headerIndex].Line);

    public void ReplaceHeaderValue(int headerIndex, ReadOnlySpan<byte> value) => Replace(Message.Headers[headerIndex].Value, value);

    public void ReplaceRequestUri(ReadOnlySpan<byte> uri)
    {
        if (!Message.IsRequest)
        {
            throw new InvalidOperationException("Only a request has a Request-URI.");
        }

        Replace(Message.RequestUriRange, uri);
    }

    /// <summary>
    /// Removes one element of a comma list (a range from <see cref="HeaderValueEnumerator"/>) with its
    /// separating comma; when it is the only value on its line, the whole line goes.
    /// </summary>
    public void RemoveValue(int headerIndex, ByteRange value)
    {
        var m = Message;
        var header = m.Headers[headerIndex];
        var s = m.Span;
        if (value.Offset == header.Value.Offset && value.End == header.Value.End)
        {
            Remove(header.Line);
            return;
        }

        var after = SipChars.SkipLws(s, value.End, header.Value.End);
        if (after < header.Value.End && s[after] == (byte)',')
        {
            var nextStart = SipChars.SkipLws(s, after + 1, header.Value.End);
            Remove(ByteRange.FromBounds(value.Offset, nextStart));
            return;
        }

        var before = value.Offset;
        while (before > header.Value.Offset && s[before - 1] != (byte)',')
        {
            before--;
        }

        Remove(ByteRange.FromBounds(Math.Max(header.Value.Offset, before - 1), value.End));
    }

    /// <summary>Adds our Via as a new line above the top Via (RFC 3261 16.6 step 8).</summary>
    public void AddTopVia(ReadOnlySpan<byte> value)
    {
        var i = Message.IndexOf(KnownHeader.Via);
        if (i >= 0)
        {
            InsertLine(Message.Headers[i].Line.Offset, "Via"u8, value);
        }
        else
        {
            AppendHeader("Via"u8, value);
        }
    }

    /// <summary>Removes the top Via value (relaying a response upstream, RFC 3261 16.7 step 3).</summary>
    public bool RemoveTopVia()
    {
        var e = Message.GetValues(KnownHeader.Via);
        if (!e.MoveNext())
        {
            return false;
        }

        RemoveValue(e.CurrentHeaderIndex, e.Current);
        return true;
    }

    /// <summary>Adds a Record-Route value on top of the list.</summary>
    public void AddRecordRoute(ReadOnlySpan<byte> value)
    {
        var i = Message.IndexOf(KnownHeader.RecordRoute);
        if (i >= 0)
        {
            InsertLine(Message.Headers[i].Line.Offset, "Record-Route"u8, value);
        }
        else
        {
            AppendHeader("Record-Route"u8, value);
        }
    }

    /// <summary>
    /// Max-Forwards minus one, or a new "Max-Forwards: 70" when absent (RFC 3261 16.6 step 3).
    /// False when it is already 0 (the proxy answers 483) or malformed; nothing is recorded then.
    /// </summary>
    public bool DecrementMaxForwards()
    {
        var m = Message;
        var i = m.IndexOf(KnownHeader.MaxForwards);
        if (i < 0)
        {
            AppendHeader("Max-Forwards"u8, "70"u8);
            return true;
        }

        if (!m.TryGetMaxForwards(out var mf) || mf == 0)
        {
            return false;
        }

        Span<byte> digits = stackalloc byte[3];
        (mf - 1).TryFormat(digits, out var n);
        ReplaceHeaderValue(i, digits[..n]);
        return true;
    }

    /// <summary>Size of the output with all edits applied.</summary>
    public int GetLength()
    {
        var length = Message.Length;
        for (var i = 0; i < _editCount; i++)
        {
            length += _edits[i].InsertLength - _edits[i].RemoveLength;
        }

        return length;
    }

    /// <summary>Writes the edited message; false if the destination is too small or edits overlap.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        var s = Message.Span;
        if (destination.Length < GetLength())
        {
            return false;
        }

        var cursor = 0;
        var w = 0;
        for (var i = 0; i < _editCount; i++)
        {
            ref readonly var e = ref _edits[i];
            if (e.Offset < cursor)
            {
                return false;
            }

            var keep = s[cursor..e.Offset];
            keep.CopyTo(destination[w..]);
            w += keep.Length;
            _scratch.AsSpan(e.InsertStart, e.InsertLength).CopyTo(destination[w..]);
            w += e.InsertLength;
            cursor = e.Offset + e.RemoveLength;
        }

        s[cursor..].CopyTo(destination[w..]);
        written = w + (s.Length - cursor);
        return true;
    }

    /// <summary>Writes into a buffer rented from <paramref name="pool"/> (shared pool by default).</summary>
    public bool TryWritePooled(out SipOutputBuffer output, ArrayPool<byte>? pool = null)
    {
        pool ??= ArrayPool<byte>.Shared;
        var array = pool.Rent(GetLength());
        if (!TryWrite(array, out var written))
        {
            pool.Return(array);
            output = default;
            return false;
        }

        output = new SipOutputBuffer(array, written, pool);
        return true;
    }

    private void InsertLine(int offset, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var length = name.Length + 2 + value.Length + 2;
        var start = Reserve(length);
        var dest = _scratch.AsSpan(start, length);
        name.CopyTo(dest);
        dest[name.Length] = (byte)':';
        dest[name.Length + 1] = (byte)' ';
        value.CopyTo(dest[(name.Length + 2)..]);
        dest[^2] = (byte)'\r';
        dest[^1] = (byte)'\n';
        Add(offset, 0, start, length);
    }

    private int Store(ReadOnlySpan<byte> bytes)
    {
        var start = Reserve(bytes.Length);
        bytes.CopyTo(_scratch.AsSpan(start));
        return start;
    }

    private int Reserve(int length)
    {
        if (_scratchLength + length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + length));
        }

        var start = _scratchLength;
        _scratchLength += length;
        return start;
    }

    private void Add(int offset, int removeLength, int insertStart, int insertLength)
    {
        var m = Message;
        if ((uint)offset > (uint)m.Length || (uint)(offset + removeLength) > (uint)m.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), "Edit outside the message.");
        }

        if (_editCount == _edits.Length)
        {
            Array.Resize(ref _edits, _edits.Length * 2);
        }

        // keep edits sorted by offset; equal offsets stay in the order they were recorded
        var i = _editCount;
        while (i > 0 && _edits[i - 1].Offset > offset)
        {
            _edits[i] = _edits[i - 1];
            i--;
        }

        _edits[i] = new Edit(offset, removeLength, insertStart, insertLength);
        _editCount++;
    }

    private readonly record struct Edit(int Offset, int RemoveLength, int InsertStart, int InsertLength);
}
