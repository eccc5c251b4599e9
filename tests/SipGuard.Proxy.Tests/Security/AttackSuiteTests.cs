using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using SipGuard.Proxy.Tests.Core;
using SipText = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Security;

/// <summary>
/// Each known way around the gate, replayed over loopback UDP against the real proxy: the attack
/// is refused, nothing reaches the upstream or the trunk, and a normal call completes right after.
/// The harness: proxy 127.0.0.1:15060, trunk (caller) 127.0.0.2:15070, upstream 127.0.0.1:15080,
/// stranger 127.0.0.9:15071.
/// </summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class AttackSuiteTests
{
    [Fact]
    public async Task NormalCall_BothSidesInDialog_IsRoutedOnTheToken()
    {
        await using var h = await ProxyHarness.StartAsync();
        var call = await Dialogs.EstablishAsync(h, "normal-1");
        call.Route.Should().Contain(";sgd=", "our Record-Route carries the dialog token");

        h.Upstream.Send(Dialogs.FromUpstream(call, "BYE", 1, "up-bye"), Dialogs.Proxy);
        var bye = await Dialogs.NextRequestAsync(h.Caller, "BYE", "normal-1");

        SipText.Header(bye, "From").Should().EndWith($";tag={call.CalleeTag}");
        SipText.HasHeader(bye, "Route").Should().BeFalse("our own Route entry is removed");
    }

    [Fact]
    public async Task ToTagSkip_FromAStranger_WithSpoofedPai_Gets403()
    {
        await using var h = await ProxyHarness.StartAsync();
        var attack = Dialogs.InDialog("INVITE", Dialogs.UpstreamTarget, "127.0.0.9:15071", "z9hG4bK-skip-1", null, "atk", "forged", "skip-1", 1, "P-Asserted-Identity: <sip:+861066022236@127.0.0.2>");
        h.Stranger.Send(attack, Dialogs.Proxy);

        SipText.StatusOf(await h.Stranger.ReceiveStatusAsync(403)).Should().Be(403);
        await h.ExpectNothingForwardedBeforeNextCallAsync("a stranger's To-tag does not skip screening");
        await Dialogs.CompleteAsync(h, "after-skip-1");
    }

    [Fact]
    public async Task ToTagSkip_FromATrunk_WithDisallowedPai_Gets481()
    {
        await using var h = await ProxyHarness.StartAsync();
        var attack = Dialogs.InDialog("INVITE", Dialogs.UpstreamTarget, "127.0.0.2:15070", "z9hG4bK-skip-2", null, "atk", "forged", "skip-2", 1, "P-Asserted-Identity: <sip:+861066033333@127.0.0.2>");
        h.Caller.Send(attack, Dialogs.Proxy);

        var refused = await Dialogs.NextResponseAsync(h.Caller, "skip-2", final: true);
        SipText.StatusOf(refused).Should().Be(481);
        SipText.Header(refused, "Warning").Should().Contain("unknown-dialog");
        await h.ExpectNothingForwardedBeforeNextCallAsync("a To-tag without our dialog token routes nowhere");
        await Dialogs.CompleteAsync(h, "after-skip-2");
    }

    [Fact]
    public async Task ReInviteFromTheTrunk_InItsOwnDialog_CannotChangeTheAssertedCaller()
    {
        await using var h = await ProxyHarness.StartAsync();
        var call = await Dialogs.EstablishAsync(h, "reinv-1");
        h.Caller.Send(Dialogs.FromCaller(call, "INVITE", 2, "reinv", extra: "P-Asserted-Identity: <sip:+861066033333@127.0.0.2>\r\nRemote-Party-ID: <sip:+861066033333@127.0.0.2>;party=calling"), Dialogs.Proxy);

        var reinvite = await Dialogs.NextRequestAsync(h.Upstream, "INVITE", "reinv-1");

        SipText.HasHeader(reinvite, "P-Asserted-Identity").Should().BeFalse("the caller was asserted once, on the screened INVITE");
        SipText.HasHeader(reinvite, "Remote-Party-ID").Should().BeFalse();
    }

    [Fact]
    public async Task StrangerBye_WithTheDialogsRealRoute_Gets403_AndTheCallGoesOn()
    {
        await using var h = await ProxyHarness.StartAsync();
        var call = await Dialogs.EstablishAsync(h, "victim-1");

        foreach (var method in new[] { "BYE", "MESSAGE", "INFO" })
        {
            h.Stranger.Send(Dialogs.FromCaller(call, method, 5, $"atk-{method}", sentBy: "127.0.0.9:15071"), Dialogs.Proxy);
            SipText.StatusOf(await Dialogs.NextResponseAsync(h.Stranger, "victim-1", final: true)).Should().Be(403, method);
        }

        await h.ExpectNothingForwardedBeforeNextCallAsync("a stranger cannot tear down or talk into another party's call");
        h.Caller.Send(Dialogs.FromCaller(call, "BYE", 2, "bye"), Dialogs.Proxy);
        (await Dialogs.NextRequestAsync(h.Upstream, "BYE", "victim-1")).Should().NotBeEmpty("the real caller's BYE still goes through");
    }

    [Fact]
    public async Task StrangerCancel_ForAPendingInvite_Gets403_AndTheCallIsAnswered()
    {
        await using var h = await ProxyHarness.StartAsync();
        var invite = SipText.Invite("cancel-1", branch: "z9hG4bK-cancel-1");
        h.Caller.Send(invite, Dialogs.Proxy);
        var forwarded = await Dialogs.NextRequestAsync(h.Upstream, "INVITE", "cancel-1");

        h.Stranger.Send(SipText.SameBranch("CANCEL", invite), Dialogs.Proxy);
        SipText.StatusOf(await h.Stranger.ReceiveStatusAsync(403)).Should().Be(403);

        h.Upstream.Send(SipText.Response(forwarded, 200, "OK"), Dialogs.Proxy);
        SipText.StatusOf(await Dialogs.NextResponseAsync(h.Caller, "cancel-1", final: true)).Should().Be(200, "no CANCEL reached the upstream");
    }

    [Fact]
    public async Task Injected200_From127_0_0_66_WithTheRealBranch_IsDroppedAndCounted()
    {
        using var refused = new RefusalCounter();
        await using var h = await ProxyHarness.StartAsync();
        using var attacker = new UdpPeer("127.0.0.66", 15080);
        h.Caller.Send(SipText.Invite("inject-1", branch: "z9hG4bK-inject-1"), Dialogs.Proxy);
        var forwarded = await Dialogs.NextRequestAsync(h.Upstream, "INVITE", "inject-1");

        attacker.Send(SipText.Response(forwarded, 200, "OK", toTag: "evil").Replace("Server: upstream-test", "Contact: <sip:evil@127.0.0.66>", StringComparison.Ordinal), Dialogs.Proxy);
        h.Upstream.Send(SipText.Response(forwarded, 486, "Busy Here"), Dialogs.Proxy);
        var final = await Dialogs.NextResponseAsync(h.Caller, "inject-1", final: true);

        SipText.StatusOf(final).Should().Be(486, "the first final response the caller sees is the upstream's");
        refused.Count("wrong-origin").Should().Be(1);
        await Dialogs.CompleteAsync(h, "after-inject-1");
    }

    [Fact]
    public async Task Blind603s_WithSlotAndGenerationKnown_FromTheUpstreamsOwnAddress_NeverEndTheCall()
    {
        using var refused = new RefusalCounter();
        await using var h = await ProxyHarness.StartAsync();
        using var attacker = new UdpPeer("127.0.0.1", 15089); // spoofing the upstream's address passes the origin rule
        h.Caller.Send(SipText.Invite("blind-1", branch: "z9hG4bK-blind-1"), Dialogs.Proxy);
        var forwarded = await Dialogs.NextRequestAsync(h.Upstream, "INVITE", "blind-1");
        var branch = SipText.Branch(SipText.Header(forwarded, "Via"));
        branch.Should().HaveLength(44);

        var prefix = branch[..28]; // slot, generation, attempt: what reading one forwarded request tells
        var guesses = 320;
        for (var i = 0; i < guesses; i++)
        {
            var guess = prefix + Random.Shared.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            attacker.Send(SipText.Response(forwarded, 603, "Decline").Replace(branch, guess, StringComparison.Ordinal), Dialogs.Proxy);
        }

        h.Upstream.Send(SipText.Response(forwarded, 200, "OK"), Dialogs.Proxy);
        var final = await Dialogs.NextResponseAsync(h.Caller, "blind-1", final: true);

        SipText.StatusOf(final).Should().Be(200, "no guessed 603 matched the keyed part of the branch");
        refused.Count("forged-branch").Should().Be(guesses);
    }

    [Fact]
    public async Task FlowTokenInjection_BareSgfRoute_DoesNothing()
    {
        await using var h = await ProxyHarness.StartAsync();
        var call = await Dialogs.EstablishAsync(h, "flow-1");

        h.Stranger.Send(Dialogs.FromCaller(call, "MESSAGE", 7, "sgf-s", route: "<sip:127.0.0.1:15060;lr;sgf=2>", sentBy: "127.0.0.9:15071"), Dialogs.Proxy);
        SipText.StatusOf(await Dialogs.NextResponseAsync(h.Stranger, "flow-1", final: true)).Should().Be(403);

        // Even from the trunk, a Route with only a flow token (no dialog token) routes nowhere.
        h.Caller.Send(Dialogs.FromCaller(call, "MESSAGE", 8, "sgf-t", route: "<sip:127.0.0.1:15060;lr;sgf=2>"), Dialogs.Proxy);
        SipText.StatusOf(await Dialogs.NextResponseAsync(h.Caller, "flow-1", final: true)).Should().Be(481);

        await h.ExpectNothingForwardedBeforeNextCallAsync("a forged flow token names no connection");
    }

    [Fact]
    public async Task TrunkHostOnAnotherPort_IsNeverReached()
    {
        await using var h = await ProxyHarness.StartAsync();
        using var otherPort = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 15099));
        var call = await Dialogs.EstablishAsync(h, "port-1");

        // A stranger, with and without the dialog's real Route.
        h.Stranger.Send(Dialogs.InDialog("MESSAGE", "sip:x@127.0.0.2:15099", "127.0.0.9:15071", "z9hG4bK-port-a", call.Route, call.CalleeTag, call.CallerTag, "port-1", 3, null), Dialogs.Proxy);
        SipText.StatusOf(await Dialogs.NextResponseAsync(h.Stranger, "port-1", final: true)).Should().Be(403);
        h.Stranger.Send(Dialogs.InDialog("OPTIONS", "sip:x@127.0.0.2:15099", "127.0.0.9:15071", "z9hG4bK-port-b", null, "a", "b", "port-2", 1, null), Dialogs.Proxy);
        SipText.StatusOf(await Dialogs.NextResponseAsync(h.Stranger, "port-2", final: true)).Should().Be(403);
        h.Stranger.Send(SipText.Invite("port-3", sentBy: "127.0.0.9:15071", branch: "z9hG4bK-port-c").Replace("sip:4008001234@127.0.0.1:15060", "sip:4008001234@127.0.0.2:15099", StringComparison.Ordinal), Dialogs.Proxy);
        SipText.StatusOf(await h.Stranger.ReceiveStatusAsync(403)).Should().Be(403);

        // Each refusal was sent after the request was handled: had anything been forwarded, it would be queued already.
        otherPort.Available.Should().Be(0, "nothing was delivered to the trunk host's other port");
        await Dialogs.CompleteAsync(h, "after-port");
    }

    [Fact]
    public async Task TableExhaustion_ByStrangersInDialogInvites_TakesNoTransaction_TrunkCallsKeepCompleting()
    {
        await using var h = await ProxyHarness.StartAsync();
        const int rounds = 10;
        const int perRound = 300; // 3,000 in all: three times the harness's table (1,000)
        var refusedSeen = 0;
        for (var round = 0; round < rounds; round++)
        {
            var before = h.Proxy.ActiveTransactions; // the finished trunk calls' transactions linger a while

            // In windows of 50 (sent, then their answers read), so no socket buffer overflows.
            for (var window = 0; window < perRound; window += 50)
            {
                for (var i = window; i < window + 50; i++)
                {
                    var id = $"fill-{round}-{i}";
                    h.Stranger.Send(Dialogs.InDialog("INVITE", Dialogs.UpstreamTarget, "127.0.0.9:15071", $"z9hG4bK-{id}", null, "atk", "forged", id, 1, null), Dialogs.Proxy);
                }

                for (var i = 0; i < 50; i++)
                {
                    if (SipText.StatusOf(await h.Stranger.ReceiveAsync("a 403 to the flood")) == 403)
                    {
                        refusedSeen++;
                    }
                }
            }

            h.Proxy.ActiveTransactions.Should().BeLessThanOrEqualTo(before, "a stranger's request never takes a transaction");
            await Dialogs.CompleteAsync(h, $"during-flood-{round}");
        }

        refusedSeen.Should().Be(rounds * perRound);
    }

    /// <summary>Counts <c>sipguard.responses.refused</c> by reason while it lives.</summary>
    private sealed class RefusalCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, int> _counts = [];

        public RefusalCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "sipguard.responses.refused")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason" && tag.Value is string reason)
                    {
                        lock (_counts)
                        {
                            _counts[reason] = _counts.GetValueOrDefault(reason) + (int)value;
                        }
                    }
                }
            });
            _listener.Start();
        }

        public int Count(string reason)
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(reason);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
