using System.Text;

namespace SipGuard.Proxy.Resilience;

/// <summary>
/// One trunk's admission limits as compiled from config (<c>limits.trunks</c>, or the global
/// <c>limits.max_calls_per_second</c> under the id <c>*</c>). Immutable settings; the counters live
/// in a <see cref="TrunkAdmission"/> kept across reloads, cached here once looked up.
/// </summary>
internal sealed class TrunkLimit
{
    private TrunkAdmission? _state;

    public TrunkLimit(string id, int callsPerSecond, int concurrentCalls, int status)
    {
        Id = id;
        CallsPerSecond = callsPerSecond;
        ConcurrentCalls = concurrentCalls;
        Status = status;
        Reason = Encoding.ASCII.GetBytes(status switch
        {
            486 => "Busy Here",
            480 => "Temporarily Unavailable",
            403 => "Forbidden",
            _ => "Service Unavailable",
        });
    }

    public string Id { get; }

    public int CallsPerSecond { get; }

    public int ConcurrentCalls { get; }

    public int Status { get; }

    public byte[] Reason { get; }

    public TrunkAdmission State(AdmissionRegistry registry)
    {
        var state = Volatile.Read(ref _state);
        if (state is null)
        {
            state = registry.For(Id);
            Volatile.Write(ref _state, state);
        }

        return state;
    }
}
