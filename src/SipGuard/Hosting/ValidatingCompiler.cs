using SipGuard.Configuration;
using SipGuard.Reload;

namespace SipGuard.Hosting;

/// <summary>Stand-in for the policy and proxy compilers until they are merged: the loader's validation is all
/// that runs, and the snapshot is the config itself.</summary>
internal sealed class ValidatingCompiler : IConfigCompiler<RuntimeSnapshot>
{
    public ConfigCompileResult<RuntimeSnapshot> Compile(SipGuardConfig config, RuntimeSnapshot? previous) =>
        new(new RuntimeSnapshot(config), []);
}
