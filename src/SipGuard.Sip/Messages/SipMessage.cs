using SipGuard.Sip.Headers;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Messages;

/// <summary>
/// A parsed SIP message: the received bytes plus an index of the start line and header lines as
/// ranges. Header values are parsed on first use and cached. Instances are reusable (pool them):
/// <see cref="SipParser.Parse"/> resets the message before filling it. The buffer is borrowed,
/// not copied: keep it alive and unchanged while the message is in use.
/// </summary>
public sealed class SipMessage
{
    private const int KnownHeaderSlots = (int)KnownHeader.HistoryInfo + 1;

    private readonly short[] _firstIndex = new short[KnownHeaderSlots];
    private readonly byte[] _counts = new byte[KnownHeaderSlots];
    private SipHeader[] _headers;
    private int _headerCount;
    private byte[] _buffer = [];
    private int _offset;
    private int _length;

    private Cached _done;
    private Cached _ok;
    private ViaValue _topVia;
    private NameAddr _from;
    private NameAddr _to;
    private CSeqValue _cseq;
    private int _maxForwards;
    private SipUri _requestUri;
    private PrivacyFlags _privacy;

    public SipMessage(int headerCapacity = 64)
    {
        _headers = new SipHeader[Math.Max(8, headerCapacity)];
    }

    [Flags]
    private enum Cached : ushort
    {
        None = 0,
        TopVia = 1,
        From = 2,
        To = 4,
        CSeq = 8,
        MaxForwards = 16,
        RequestUri = 32,
        Privacy = 64,
    }

    /// <summary>The buffer the message was parsed from; <see cref="BufferOffset"/> is where the message starts.</summary>
    public byte[] Buffer => _buffer;

    public int BufferOffset => _offset;

    /// <summary>Length of the message itself: start line, headers and Content-Length body (trailing datagram octets excluded).</summary>
    public int Length => _length;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_offset, _length);

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(_offset, _length);

    public bool IsRequest { get; private set; }

    public bool IsResponse => !IsRequest && StatusCode != 0;

    public SipMethod Method { get; private set; }

    public ByteRange MethodRange { get; private set; }

    public ByteRange RequestUriRange { get; private set; }

    public ByteRange VersionRange { get; private set; }

    public int StatusCode { get; private set; }

    public ByteRange ReasonPhraseRange { get; private set; }

    /// <summary>The start line including its line terminator.</summary>
    public ByteRange StartLine { get; private set; }

    /// <summary>Offset of the empty line that ends the header section (or the message end if a datagram had none).</summary>
    public int HeaderSectionEnd { get; private set; }

    public ByteRange Body { get; private set; }

    /// <summary>The Content-Length value, or -1 when the header is absent.</summary>
    public int ContentLength { get; private set; } = -1;

    /// <summary>Bytes of the datagram after the message (ignored, never forwarded; RFC 4475 dblreq).</summary>
    public int TrailingBytes { get; private set; }

    /// <summary>Number of Via values (all lines, comma lists counted).</summary>
    public int ViaCount { get; private set; }

    public ReadOnlySpan<SipHeader> Headers => _headers.AsSpan(0, _headerCount);

    public int HeaderCount => _headerCount;

    public ReadOnlySpan<byte> this[ByteRange range] => _buffer.AsSpan(_offset + range.Offset, range.Length);

    public ReadOnlySpan<byte> MethodBytes => this[MethodRange];

    public ReadOnlySpan<byte> RequestUriBytes => this[RequestUriRange];

    public ReadOnlySpan<byte> BodyBytes => this[Body];

    /// <summary>Call-ID value (empty range when absent).</summary>
    public ByteRange CallId => TryGetValue(KnownHeader.CallId, out var v) ? v : default;

    /// <summary>Identity header value, kept raw (RFC 8224 is verified elsewhere, if at all).</summary>
    public ByteRange Identity => TryGetValue(KnownHeader.Identity, out var v) ? v : default;

    public void Reset()
    {
        _headerCount = 0;
        _firstIndex.AsSpan().Clear();
        _counts.AsSpan().Clear();
        _buffer = [];
        _offset = 0;
        _length = 0;
        _done = Cached.None;
        _ok = Cached.None;
        IsRequest = false;
        Method = SipMethod.None;
        MethodRange = default;
        RequestUriRange = default;
        VersionRange = default;
        StatusCode = 0;
        ReasonPhraseRange = default;
        StartLine = default;
        HeaderSectionEnd = 0;
        Body = default;
        ContentLength = -1;
        TrailingBytes = 0;
        ViaCount = 0;
    }

    /// <summary>Index of the first line of <paramref name="id"/>, or -1.</summary>
    public int IndexOf(KnownHeader id) => _firstIndex[(int)id] - 1;

    /// <summary>Index of the first line of <paramref name="id"/> at or after <paramref name="start"/>, or -1.</summary>
    public int IndexOf(KnownHeader id, int start)
    {
        if (start <= 0)
        {
            return IndexOf(id);
        }

        var headers = Headers;
        for (var i = start; i < headers.Length; i++)
        {
            if (headers[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the first line whose name equals <paramref name="name"/> (case-insensitive), for unknown headers.</summary>
    public int IndexOf(ReadOnlySpan<byte> name)
    {
        var headers = Headers;
        for (var i = 0; i < headers.Length; i++)
        {
            if (SipChars.EqualsIgnoreCase(this[headers[i].Name], name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>How many lines of <paramref name="id"/> the message has (saturates at 255).</summary>
    public int CountOf(KnownHeader id) => _counts[(int)id];

    public bool Has(KnownHeader id) => _firstIndex[(int)id] != 0;

    /// <summary>The value of the first line of <paramref name="id"/>.</summary>
    public bool TryGetValue(KnownHeader id, out ByteRange value)
    {
        var i = IndexOf(id);
        value = i < 0 ? default : _headers[i].Value;
        return i >= 0;
    }

    /// <summary>All comma-separated values over all lines of <paramref name="id"/>.</summary>
    public HeaderValueEnumerator GetValues(KnownHeader id) => new(this, id);

    public bool TryGetTopVia(out ViaValue via)
    {
        if ((_done & Cached.TopVia) == 0)
        {
            _done |= Cached.TopVia;
            var e = GetValues(KnownHeader.Via);
            if (e.MoveNext() && ViaParser.TryParse(Span, e.Current, out _topVia))
            {
                _ok |= Cached.TopVia;
            }
        }

        via = _topVia;
        return (_ok & Cached.TopVia) != 0;
    }

    public bool TryGetFrom(out NameAddr from) => TryNameAddr(Cached.From, KnownHeader.From, ref _from, out from);

    public bool TryGetTo(out NameAddr to) => TryNameAddr(Cached.To, KnownHeader.To, ref _to, out to);

    public bool TryGetCSeq(out CSeqValue cseq)
    {
        if ((_done & Cached.CSeq) == 0)
        {
            _done |= Cached.CSeq;
            if (TryGetValue(KnownHeader.CSeq, out var v) && CSeqValue.TryParse(Span, v, out _cseq))
            {
                _ok |= Cached.CSeq;
            }
        }

        cseq = _cseq;
        return (_ok & Cached.CSeq) != 0;
    }

    /// <summary>Max-Forwards (0..255); false when absent or malformed.</summary>
    public bool TryGetMaxForwards(out int maxForwards)
    {
        if ((_done & Cached.MaxForwards) == 0)
        {
            _done |= Cached.MaxForwards;
            if (TryGetValue(KnownHeader.MaxForwards, out var v) && SipChars.TryParseUInt(this[v], 255, out var mf))
            {
                _maxForwards = (int)mf;
                _ok |= Cached.MaxForwards;
            }
        }

        maxForwards = _maxForwards;
        return (_ok & Cached.MaxForwards) != 0;
    }

    public bool TryGetRequestUri(out SipUri uri)
    {
        if ((_done & Cached.RequestUri) == 0)
        {
            _done |= Cached.RequestUri;
            if (IsRequest && SipUriParser.TryParse(Span, RequestUriRange, out _requestUri))
            {
                _ok |= Cached.RequestUri;
            }
        }

        uri = _requestUri;
        return (_ok & Cached.RequestUri) != 0;
    }

    /// <summary>All Privacy tokens over all Privacy lines.</summary>
    public PrivacyFlags Privacy
    {
        get
        {
            if ((_done & Cached.Privacy) == 0)
            {
                _done |= Cached.Privacy;
                _privacy = PrivacyFlags.None;
                for (var i = IndexOf(KnownHeader.Privacy); i >= 0; i = IndexOf(KnownHeader.Privacy, i + 1))
                {
                    _privacy |= PrivacyParser.Parse(Span, _headers[i].Value);
                }
            }

            return _privacy;
        }
    }

    public bool TryGetContentType(out ContentTypeValue contentType)
    {
        contentType = default;
        return TryGetValue(KnownHeader.ContentType, out var v) && ContentTypeValue.TryParse(Span, v, out contentType);
    }

    /// <summary>
    /// Parses the values of a name-addr list header (P-Asserted-Identity, P-Preferred-Identity,
    /// Route, Record-Route, Contact) into <paramref name="destination"/>; returns how many were
    /// written, or -1 if one is malformed. Stops when the destination is full.
    /// </summary>
    public int GetNameAddrs(KnownHeader id, Span<NameAddr> destination)
    {
        var n = 0;
        foreach (var v in GetValues(id))
        {
            if (n == destination.Length)
            {
                break;
            }

            if (!NameAddrParser.TryParse(Span, v, out destination[n]))
            {
                return -1;
            }

            n++;
        }

        return n;
    }

    /// <summary>Remote-Party-ID values (see <see cref="GetNameAddrs"/> for the return value).</summary>
    public int GetRemotePartyIds(Span<RemotePartyId> destination)
    {
        var n = 0;
        foreach (var v in GetValues(KnownHeader.RemotePartyId))
        {
            if (n == destination.Length)
            {
                break;
            }

            if (!RemotePartyId.TryParse(Span, v, out destination[n]))
            {
                return -1;
            }

            n++;
        }

        return n;
    }

    internal void Attach(byte[] buffer, int offset, int length)
    {
        _buffer = buffer;
        _offset = offset;
        _length = length;
    }

    internal void SetKind(bool isRequest) => IsRequest = isRequest;

    internal void SetLength(int length, int trailing)
    {
        _length = length;
        TrailingBytes = trailing;
    }

    internal void SetRequestLine(SipMethod method, ByteRange methodRange, ByteRange uri, ByteRange version, ByteRange line)
    {
        IsRequest = true;
        Method = method;
        MethodRange = methodRange;
        RequestUriRange = uri;
        VersionRange = version;
        StartLine = line;
    }

    internal void SetStatusLine(int statusCode, ByteRange version, ByteRange reason, ByteRange line)
    {
        IsRequest = false;
        StatusCode = statusCode;
        VersionRange = version;
        ReasonPhraseRange = reason;
        StartLine = line;
    }

    internal void SetBody(int headerSectionEnd, ByteRange body, int contentLength)
    {
        HeaderSectionEnd = headerSectionEnd;
        Body = body;
        ContentLength = contentLength;
    }

    internal void AddViaValues(int count) => ViaCount += count;

    internal void AddHeader(in SipHeader header)
    {
        if (_headerCount == _headers.Length)
        {
            Array.Resize(ref _headers, _headers.Length * 2);
        }

        var slot = (int)header.Id;
        if (_firstIndex[slot] == 0)
        {
            _firstIndex[slot] = (short)(_headerCount + 1);
        }

        if (_counts[slot] != byte.MaxValue)
        {
            _counts[slot]++;
        }

        _headers[_headerCount++] = header;
    }

    private bool TryNameAddr(Cached flag, KnownHeader id, ref NameAddr cache, out NameAddr result)
    {
        if ((_done & flag) == 0)
        {
            _done |= flag;
            if (TryGetValue(id, out var v) && NameAddrParser.TryParse(Span, v, out cache))
            {
                _ok |= flag;
            }
        }

        result = cache;
        return (_ok & flag) != 0;
    }
}
