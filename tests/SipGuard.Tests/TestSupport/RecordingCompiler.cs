using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.Tests.TestSupport;

/// <summary>A compiler seam stand-in: compiles for real, or returns the errors (or throws the exception) a test sets.</summary>
internal sealed class RecordingCompiler : IConfigCompiler<RuntimeSnapshot>
{
    public IReadOnlyList<CompileError> Errors { get; set; } = [];

    public Exception? Throw { get; set; }

    public int Calls { get; private set; }

    public RuntimeSnapshot? LastPrevious { get; private set; }

    /// <summary>The config of the last call, e.g. to look at what a refused build had loaded.</summary>
    public SipGuardConfig? LastConfig { get; private set; }

    public ConfigCompileResult<RuntimeSnapshot> Compile(SipGuardConfig config, RuntimeSnapshot? previous)
    {
        Calls++;
        LastPrevious = previous;
        LastConfig = config;
        if (Throw is { } exception)
        {
            throw exception;
        }

        return Errors.Count > 0 ? new(null, Errors) : new RuntimeCompiler().Compile(config, previous);
    }
}
