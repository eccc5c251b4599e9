using SipGuard.Sip.Editing;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Replies;
using SipGuard.Sip.Tests;
using SipGuard.Sip.Validation;

namespace SipGuard.Proxy.Tests.Properties;

/// <summary>
/// Seeded random damage to the conformance corpus and to generated messages, 2^20 of them, each
/// judged twice: at the SIP layer (the parser, lazy accessors, validators, framing, editor and reply
/// builder never throw, every range stays inside the message, every accepted message round-trips
/// byte for byte) and through the whole pipeline (a <see cref="InMemoryPipeline"/>: the real
/// SipProxy from a trunk, on an in-memory transport). The pipeline must never throw or log an
/// error, and nothing <see cref="SipRequestValidator"/> refuses, judged on its own, may ever be sent
/// to the upstream.
/// </summary>
public sealed class MutationPropertyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Iterations = 1 << 20;
    private const int Partitions = 4;
    private const int EndTransactionsEvery = 4096;

    [Fact]
    public void A_million_mutated_messages_never_throw_round_trip_and_nothing_the_validator_refuses_is_forwarded()
    {
        var seeds = CorpusSeeds();
        seeds.Add(TestMessages.Bytes(TestMessages.Invite));
        seeds.Add(TestMessages.Bytes(TestMessages.Ok200));
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        long accepted = 0, refused = 0, forwarded = 0;
        var failed = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, Partitions, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, part =>
        {
            var random = new Random(20260 + part);
            var own = seeds.Select(seed => seed.ToArray()).ToList(); // this partition's copies, restamped in place
            var checker = new Checker();
            using var pipeline = new InMemoryPipeline();
            var buffer = new byte[80 * 1024];
            long ok = 0, no = 0, sent = 0;
            for (var i = 0; i < Iterations / Partitions && Volatile.Read(ref failed) == 0; i++)
            {
                var source = random.Next(3) == 0 ? MessageGenerator.Generate(random) : Restamp(own[random.Next(own.Count)], (part << 20) | i);
                var offset = random.Next(0, 16);
                var length = random.Next(4) == 0 ? CopyExact(source, buffer, offset) : Mutator.Mutate(random, source, buffer, offset);
                var stage = "sip layer";
                try
                {
                    var verdict = checker.Check(buffer, offset, length);
                    ok += verdict == Verdict.Passed ? 1 : 0;
                    no += verdict == Verdict.Refused ? 1 : 0;
                    stage = "pipeline";
                    var upstreamSends = pipeline.Deliver(buffer.AsSpan(offset, length));
                    sent += verdict == Verdict.Passed && upstreamSends > 0 ? 1 : 0;
                    if (verdict == Verdict.Refused && upstreamSends > 0)
                    {
                        throw new InvalidOperationException($"a request the validator refuses ({checker.Refusal}) was sent to the upstream");
                    }

                    if ((i + 1) % EndTransactionsEvery == 0)
                    {
                        stage = "timers";
                        pipeline.EndTransactions();
                    }

                    if (pipeline.Errors.Count > 0)
                    {
                        throw new InvalidOperationException($"the proxy logged an error: {pipeline.Errors.Last}");
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Interlocked.Exchange(ref failed, 1);
                    failures.Add($"partition {part} iteration {i} ({stage}): {e.GetType().Name}: {e.Message}\ninput (base64): {Convert.ToBase64String(buffer, offset, length)}");
                }
            }

            Interlocked.Add(ref accepted, ok);
            Interlocked.Add(ref refused, no);
            Interlocked.Add(ref forwarded, sent);
        });

        failures.Should().BeEmpty();
        output.WriteLine($"{Iterations} mutations in {watch.Elapsed.TotalSeconds:0.0} s: {accepted} passed the validator ({forwarded} of them forwarded), {refused} refused, none of those forwarded");
        accepted.Should().BeGreaterThan(Iterations / 20, "the mix must exercise the accepted path too");
        refused.Should().BeGreaterThan(Iterations / 4, "most damage must be refused, or the property says little");
        forwarded.Should().BeGreaterThan(Iterations / 100, "the forward stage must be reached, or 'nothing refused is forwarded' says little");
    }

    /// <summary>
    /// Writes <paramref name="stamp"/> as hex over the end of the seed's top Via branch (after the
    /// magic cookie, same length): each delivery is then a new transaction for the proxy, not a
    /// retransmission of the seed's last copy, so the forward stage is reached again and again.
    /// </summary>
    private static byte[] Restamp(byte[] seed, int stamp)
    {
        var message = new SipMessage();
        if (SipParser.Parse(seed, 0, seed.Length, SipParserLimits.Default, message).IsError || !message.TryGetTopVia(out var via) || via.Branch.Length <= 7)
        {
            return seed;
        }

        var digits = Math.Min(8, via.Branch.Length - 7);
        for (var d = 0; d < digits; d++)
        {
            seed[via.Branch.End - 1 - d] = (byte)"0123456789abcdef"[(stamp >> (4 * d)) & 0xF];
        }

        return seed;
    }

    private static int CopyExact(byte[] source, byte[] buffer, int offset)
    {
        source.CopyTo(buffer, offset);
        return source.Length;
    }

    private static List<byte[]> CorpusSeeds()
    {
        // the conformance project's Corpus folder, copied beside these binaries by the build
        var root = Path.Combine(AppContext.BaseDirectory, "Corpus");
        File.Exists(Path.Combine(root, "manifest.tsv")).Should().BeTrue("the conformance corpus seeds the mutations");
        return Directory.EnumerateFiles(Path.Combine(root, "rfc4475"), "*.dat")
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "rfc5118", "crlf")))
            .Select(File.ReadAllBytes)
            .ToList();
    }

    private enum Verdict
    {
        /// <summary>A request that parses and passes <see cref="SipRequestValidator"/>.</summary>
        Passed,
        /// <summary>A request (or bytes that are not a response) that does not parse or that the validator refuses: never to be forwarded.</summary>
        Refused,
        /// <summary>A response: relayed or dropped by the proxy's own rules, not the validator's.</summary>
        Response,
    }

    private sealed class Checker
    {
        private readonly SipMessage _message = new();
        private readonly SipMessageEditor _editor = new();
        private readonly LocalReplyBuilder _reply = new();
        private readonly SipRequestValidator _validator = new();
        private readonly byte[] _output = new byte[160 * 1024];
        private readonly NameAddr[] _names = new NameAddr[8];
        private readonly RemotePartyId[] _rpids = new RemotePartyId[4];

        /// <summary>What the validator said of the last request it refused.</summary>
        public string Refusal { get; private set; } = "";

        public Verdict Check(byte[] buffer, int offset, int length)
        {
            SipFraming.TryFindMessageLength(buffer.AsSpan(offset, length), SipParserLimits.Default, out var framed, out _);
            if (framed > length)
            {
                throw new InvalidOperationException("framing consumed more than it was given");
            }

            var m = _message;
            var error = SipParser.Parse(buffer, offset, length, SipParserLimits.Default, m);
            _ = SipErrorReactions.For(error, m.IsRequest).ReasonPhrase;
            if (error.IsError)
            {
                Refusal = error.ToString();
                return m.IsRequest || !buffer.AsSpan(offset, length).StartsWith("SIP/"u8) ? Verdict.Refused : Verdict.Response;
            }

            InRange(m.StartLine, m);
            InRange(m.Body, m);
            foreach (var h in m.Headers)
            {
                InRange(h.Line, m);
                InRange(h.Name, m);
                InRange(h.Value, m);
            }

            // every lazy accessor on the damaged message
            var s = m.Span;
            if (m.TryGetTopVia(out var via))
            {
                InRange(via.Branch, m);
                InRange(via.Host, m);
            }

            if (m.TryGetFrom(out var from))
            {
                InRange(from.Uri.User, m);
                InRange(from.Tag, m);
            }

            m.TryGetTo(out _);
            m.TryGetCSeq(out _);
            m.TryGetMaxForwards(out _);
            if (m.TryGetRequestUri(out var ruri))
            {
                InRange(ruri.Host, m);
                InRange(ruri.User, m);
            }

            _ = m.Privacy;
            m.TryGetContentType(out _);
            m.GetNameAddrs(KnownHeader.PAssertedIdentity, _names);
            m.GetNameAddrs(KnownHeader.Contact, _names);
            m.GetNameAddrs(KnownHeader.Route, _names);
            m.GetRemotePartyIds(_rpids);
            foreach (var v in m.GetValues(KnownHeader.Via))
            {
                InRange(v, m);
                ViaValue.TryParse(s, v, out _);
            }

            // The verdict the gate must honour: the validator as a proxy runs it (RFC 3261 §16.3).
            var check = m.IsRequest ? _validator.Validate(m, SipValidationRole.Proxy) : SipResponseValidator.Validate(m);
            _ = SipErrorReactions.For(check, m.IsRequest);
            Refusal = check.ToString();

            // no edits: identical bytes
            _editor.Reset(m);
            if (!_editor.TryWrite(_output, out var written) || !_output.AsSpan(0, written).SequenceEqual(s))
            {
                throw new InvalidOperationException("round trip changed the message");
            }

            // the forwarding edit (or response relay) always writes
            _editor.Reset(m);
            if (m.IsRequest)
            {
                _editor.AddTopVia("SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKsg"u8);
                _editor.DecrementMaxForwards();
                _editor.AddRecordRoute("<sip:127.0.0.1;lr>"u8);
                _reply.TryWrite(m, 400, "Bad Request"u8, "t1"u8, _output, out _);
            }
            else
            {
                _editor.RemoveTopVia();
            }

            if (!_editor.TryWrite(_output, out _))
            {
                throw new InvalidOperationException("edit could not be written");
            }

            return !m.IsRequest ? Verdict.Response : check.IsError ? Verdict.Refused : Verdict.Passed;
        }

        private static void InRange(ByteRange r, SipMessage m)
        {
            if (r.Offset < 0 || r.Length < 0 || r.End > m.Length)
            {
                throw new InvalidOperationException($"range {r} outside message of {m.Length} bytes");
            }
        }
    }
}
