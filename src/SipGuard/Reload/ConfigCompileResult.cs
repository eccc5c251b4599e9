using SipGuard.Configuration;

namespace SipGuard.Reload;

/// <summary>A compiled snapshot, or every error the compiler found (by config path; located later).</summary>
public sealed record ConfigCompileResult<TSnapshot>(TSnapshot? Snapshot, IReadOnlyList<CompileError> Errors)
    where TSnapshot : class
{
    public bool Succeeded => Snapshot is not null;
}
