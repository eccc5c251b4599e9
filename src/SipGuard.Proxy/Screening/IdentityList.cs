using SipGuard.Policy;

namespace SipGuard.Proxy.Screening;

/// <summary>
/// Fills a reused identity array of <see cref="CallAttempt.MaxIdentities"/> + 1 entries: the extra
/// entry is how the policy learns a request presented more than it screens.
/// Used only inside <see cref="CallAttemptFactory"/>.
/// </summary>
internal ref struct IdentityList(CallerIdentity[] buffer)
{
    private readonly CallerIdentity[] _buffer = buffer;

    public int Count { get; private set; }

    /// <summary>False once the array is full (the request is over the limit): stop reading.</summary>
    public bool TryAdd(in CallerIdentity identity)
    {
        if (Count == _buffer.Length)
        {
            return false;
        }

        _buffer[Count++] = identity;
        return Count < _buffer.Length;
    }

    public void RemoveLast() => Count--;
}
