using Microsoft.Extensions.Time.Testing;
using SipGuard.Sip.Transports.Tcp;

namespace SipGuard.Sip.Tests.Transports;

public sealed class TcpDeadlinesTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MessageDeadline = TimeSpan.FromSeconds(5);

    [Fact]
    public void AcceptedConnection_WithNoFirstMessage_ExpiresAtTheMessageDeadline()
    {
        var time = new FakeTimeProvider();
        var deadlines = new TcpDeadlines(time, awaitFirstMessage: true);

        time.Advance(TimeSpan.FromSeconds(4));
        deadlines.Check(Idle, MessageDeadline, out var next).Should().Be(TcpExpiry.None);
        next.Should().Be(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));

        deadlines.Check(Idle, MessageDeadline, out _).Should().Be(TcpExpiry.IncompleteMessage);
    }

    [Fact]
    public void Trickle_OfOneUnfinishedMessage_DoesNotMoveItsDeadline()
    {
        var time = new FakeTimeProvider();
        var deadlines = new TcpDeadlines(time, awaitFirstMessage: true);
        for (var second = 0; second < 4; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            deadlines.Received(framed: false, leftover: true);
        }

        time.Advance(TimeSpan.FromSeconds(1));

        deadlines.Check(Idle, MessageDeadline, out _).Should().Be(TcpExpiry.IncompleteMessage);
    }

    [Fact]
    public void Trickle_DoesNotResetTheIdleClock()
    {
        var time = new FakeTimeProvider();
        var deadlines = new TcpDeadlines(time, awaitFirstMessage: false);
        deadlines.Received(framed: true, leftover: false);
        for (var second = 0; second < 60; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));

            // Each byte is the start of a message that is then dropped by the peer: never framed.
            deadlines.Received(framed: false, leftover: true);
            deadlines.Received(framed: false, leftover: false);
        }

        deadlines.Check(Idle, MessageDeadline, out _).Should().Be(TcpExpiry.Idle);
    }

    [Fact]
    public void CompleteMessage_ResetsBothClocks_AndTheNextMessageGetsItsOwnDeadline()
    {
        var time = new FakeTimeProvider();
        var deadlines = new TcpDeadlines(time, awaitFirstMessage: true);
        time.Advance(TimeSpan.FromSeconds(4));

        // One read held the end of the first message and the start of the next.
        deadlines.Received(framed: true, leftover: true);
        time.Advance(TimeSpan.FromSeconds(4));

        deadlines.Check(Idle, MessageDeadline, out var next).Should().Be(TcpExpiry.None);
        next.Should().Be(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        deadlines.Check(Idle, MessageDeadline, out _).Should().Be(TcpExpiry.IncompleteMessage);
    }

    [Fact]
    public void OutboundConnection_WaitsForNoFirstMessage_AndLooksAgainWithinOneMessageDeadline()
    {
        var time = new FakeTimeProvider();
        var deadlines = new TcpDeadlines(time, awaitFirstMessage: false);
        time.Advance(TimeSpan.FromSeconds(30));

        deadlines.Check(Idle, MessageDeadline, out var next).Should().Be(TcpExpiry.None);
        next.Should().Be(MessageDeadline, "a message may start at any moment, so the timer never sleeps past one deadline");

        deadlines.Traffic();
        time.Advance(TimeSpan.FromSeconds(59));
        deadlines.Check(Idle, MessageDeadline, out _).Should().Be(TcpExpiry.None);
        time.Advance(TimeSpan.FromSeconds(1));
        deadlines.Check(Idle, MessageDeadline, out _).Should().Be(TcpExpiry.Idle);
    }
}
