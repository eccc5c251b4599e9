using SipGuard.Configuration;

namespace SipGuard.Reload;

/// <summary>
/// SEAM: turns a loaded, validated config into the runtime snapshot the proxy reads. The lead wires this to
/// <c>PolicyCompiler.Compile(config.Policy, cache)</c> (copying each <c>PolicyError</c> into a
/// <see cref="CompileError"/>) plus the proxy's own compilation.
/// </summary>
/// <typeparam name="TSnapshot">The runtime snapshot type, swapped whole on reload.</typeparam>
public interface IConfigCompiler<TSnapshot>
    where TSnapshot : class
{
    /// <param name="config">The config to compile.</param>
    /// <param name="previous">The running snapshot, if any, so unchanged list files can be reused, not re-read.</param>
    ConfigCompileResult<TSnapshot> Compile(SipGuardConfig config, TSnapshot? previous);
}
