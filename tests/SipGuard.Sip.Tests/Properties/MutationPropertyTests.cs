using SipGuard.Sip.Editing;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Replies;
using SipGuard.Sip.Validation;

namespace SipGuard.Sip.Tests.Properties;

/// <summary>
/// Seeded random damage to the conformance corpus and to generated messages: the parser, lazy
/// accessors, validators, framing, editor and reply builder never throw, every range stays inside
/// the message, and every accepted message round-trips byte for byte.
/// </summary>
public sealed class MutationPropertyTests
{
    private const int Iterations = 1 << 20;
    private const int Partitions = 4;

    [Fact]
    public void A_million_mutated_messages_never_throw_and_accepted_ones_round_trip()
    {
        var seeds = CorpusSeeds();
        seeds.Add(TestMessages.Bytes(TestMessages.Invite));
        seeds.Add(TestMessages.Bytes(TestMessages.Ok200));
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var accepted = 0L;
        var failed = 0;
        Parallel.For(0, Partitions, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, part =>
        {
            var random = new Random(20260 + part);
            var checker = new Checker();
            var buffer = new byte[80 * 1024];
            var ok = 0L;
            for (var i = 0; i < Iterations / Partitions && Volatile.Read(ref failed) == 0; i++)
            {
                var source = random.Next(3) == 0 ? MessageGenerator.Generate(random) : seeds[random.Next(seeds.Count)];
                var offset = random.Next(0, 16);
                var length = random.Next(4) == 0 ? CopyExact(source, buffer, offset) : Mutator.Mutate(random, source, buffer, offset);
                try
                {
                    if (checker.Check(buffer, offset, length))
                    {
                        ok++;
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Interlocked.Exchange(ref failed, 1);
                    failures.Add($"partition {part} iteration {i}: {e.GetType().Name}: {e.Message}\ninput (base64): {Convert.ToBase64String(buffer, offset, length)}");
                }
            }

            Interlocked.Add(ref accepted, ok);
        });

        failures.Should().BeEmpty();
        accepted.Should().BeGreaterThan(Iterations / 20, "the mix must exercise the accepted path too");
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

    private sealed class Checker
    {
        private readonly SipMessage _message = new();
        private readonly SipMessageEditor _editor = new();
        private readonly LocalReplyBuilder _reply = new();
        private readonly SipRequestValidator _validator = new();
        private readonly byte[] _output = new byte[160 * 1024];
        private readonly NameAddr[] _names = new NameAddr[8];
        private readonly RemotePartyId[] _rpids = new RemotePartyId[4];

        public bool Check(byte[] buffer, int offset, int length)
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
                return false;
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

            var check = m.IsRequest ? _validator.Validate(m) : SipResponseValidator.Validate(m);
            _ = SipErrorReactions.For(check, m.IsRequest);

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

            return true;
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
