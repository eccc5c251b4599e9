using System.Security.Cryptography.X509Certificates;

namespace SipGuard.Sip.Transports.Tls;

/// <summary>
/// The TLS settings handshakes start with now, and the certificates of the ones a reload replaced:
/// those are disposed once the last handshake that started with them has finished, except any the
/// settings in force then still hold. A handshake holds a <see cref="TlsLease"/> while it runs; an
/// open connection needs no certificate object after its handshake (the TLS library keeps its own
/// references), so connections outlive the settings they were opened with.
/// </summary>
public sealed class TlsInForce
{
    private readonly Lock _update = new();
    private Generation _current;

    public TlsInForce() => _current = new Generation(TlsSettings.None, this);

    public TlsSettings Current => Volatile.Read(ref _current).Settings;

    /// <summary>The settings in force, kept from disposal until the lease is disposed.</summary>
    public TlsLease Lease()
    {
        while (true)
        {
            var generation = Volatile.Read(ref _current);
            if (generation.TryEnter())
            {
                return new TlsLease(generation);
            }

            // Retired and disposed between the read and the enter: a newer one is in force.
        }
    }

    /// <summary>Puts <paramref name="settings"/> in force; the replaced ones are disposed once no handshake uses them.</summary>
    public void Update(TlsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Generation replaced;
        lock (_update)
        {
            replaced = _current;
            if (ReferenceEquals(replaced.Settings, settings))
            {
                return; // the same settings again (a republish without a reload): nothing retires
            }

            Volatile.Write(ref _current, new Generation(settings, this));
        }

        replaced.Retire();
    }

    /// <summary>One settings object in force or retired, with the count of handshakes using it.</summary>
    internal sealed class Generation(TlsSettings settings, TlsInForce owner)
    {
        private const int Disposed = -1;
        private int _handshakes;
        private volatile bool _retired;

        public TlsSettings Settings { get; } = settings;

        public bool TryEnter()
        {
            while (true)
            {
                var count = Volatile.Read(ref _handshakes);
                if (count == Disposed)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _handshakes, count + 1, count) == count)
                {
                    return true;
                }
            }
        }

        public void Exit()
        {
            if (Interlocked.Decrement(ref _handshakes) == 0 && _retired)
            {
                DisposeIfIdle();
            }
        }

        public void Retire()
        {
            _retired = true;
            DisposeIfIdle();
        }

        // Whoever moves the count from 0 to Disposed disposes; a lease can no longer be taken after.
        private void DisposeIfIdle()
        {
            if (Interlocked.CompareExchange(ref _handshakes, Disposed, 0) != 0)
            {
                return;
            }

            var kept = new HashSet<X509Certificate2>(owner.Current.Certificates, ReferenceEqualityComparer.Instance);
            foreach (var certificate in Settings.Certificates)
            {
                if (!kept.Contains(certificate))
                {
                    certificate.Dispose();
                }
            }
        }
    }
}

/// <summary>The TLS settings one handshake uses; disposing it lets replaced settings go.</summary>
public readonly struct TlsLease : IDisposable
{
    private readonly TlsInForce.Generation _generation;

    internal TlsLease(TlsInForce.Generation generation) => _generation = generation;

    public TlsSettings Settings => _generation.Settings;

    public void Dispose() => _generation.Exit();
}
