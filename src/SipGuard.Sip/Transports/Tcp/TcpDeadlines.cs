namespace SipGuard.Sip.Transports.Tcp;

/// <summary>
/// The two clocks of a connection. Idle time runs from the last complete message or CRLFCRLF
/// keep-alive in either direction, so bytes that never make a message (a trickle) do not reset it.
/// The message clock runs while an incomplete message is buffered (and, on an accepted connection,
/// from the accept until the first frame), so a slow sender cannot hold a connection with one
/// message it never finishes. Written by the receive loop and senders, read by the timer.
/// </summary>
internal sealed class TcpDeadlines
{
    private const long None = 0;

    private readonly TimeProvider _time;
    private long _lastTraffic;
    private long _pendingSince;

    public TcpDeadlines(TimeProvider time, bool awaitFirstMessage)
    {
        _time = time;
        var now = Now();
        _lastTraffic = now;
        _pendingSince = awaitFirstMessage ? now : None;
    }

    /// <summary>A complete message or keep-alive went out or came in.</summary>
    public void Traffic() => Volatile.Write(ref _lastTraffic, Now());

    /// <summary>After framing a read: whether whole frames were taken, and whether bytes of an unfinished one remain.</summary>
    public void Received(bool framed, bool leftover)
    {
        if (framed)
        {
            Traffic();
        }

        if (!leftover)
        {
            Volatile.Write(ref _pendingSince, None);
        }
        else if (framed || Volatile.Read(ref _pendingSince) == None)
        {
            // A new message started in this read: its own clock starts now.
            Volatile.Write(ref _pendingSince, Now());
        }
    }

    /// <summary>Which deadline has passed; otherwise <paramref name="next"/> is when to look again.</summary>
    public TcpExpiry Check(TimeSpan idleTimeout, TimeSpan messageTimeout, out TimeSpan next)
    {
        var idle = _time.GetElapsedTime(Volatile.Read(ref _lastTraffic));
        if (idle >= idleTimeout)
        {
            next = TimeSpan.Zero;
            return TcpExpiry.Idle;
        }

        next = idleTimeout - idle;
        var pendingSince = Volatile.Read(ref _pendingSince);
        if (pendingSince != None)
        {
            var pending = _time.GetElapsedTime(pendingSince);
            if (pending >= messageTimeout)
            {
                next = TimeSpan.Zero;
                return TcpExpiry.IncompleteMessage;
            }

            next = TimeSpan.FromTicks(Math.Min(next.Ticks, (messageTimeout - pending).Ticks));
        }

        // A message may start at any moment: never sleep past one message deadline.
        next = TimeSpan.FromTicks(Math.Min(next.Ticks, messageTimeout.Ticks));
        return TcpExpiry.None;
    }

    private long Now() => Math.Max(1, _time.GetTimestamp());
}
