using SipGuard.Configuration;

namespace SipGuard.Reload;

/// <summary>Load → validate → compile, with every error located in the file: the one path start-up, reload,
/// <c>check</c> and <c>explain</c> share, so they can never disagree about what is valid.</summary>
public static class ConfigBuild
{
    public static ConfigBuildResult<TSnapshot> Run<TSnapshot>(string path, IConfigCompiler<TSnapshot> compiler, TSnapshot? previous)
        where TSnapshot : class
    {
        var loaded = ConfigLoader.LoadFile(path);
        if (loaded.Config is not { } config)
        {
            return new ConfigBuildResult<TSnapshot>(null, null, loaded.Errors);
        }

        ConfigCompileResult<TSnapshot>? compiled = null;
        try
        {
            compiled = compiler.Compile(config, previous);
        }
        finally
        {
            // A config the compiler refuses (or throws on) is never in force, so nothing else will
            // release the certificates it loaded.
            if (compiled?.Snapshot is null)
            {
                config.Proxy.Tls.DisposeCertificates();
            }
        }

        if (compiled.Snapshot is not { } snapshot)
        {
            var errors = compiled.Errors.Select(loaded.Map.ToConfigError).ToArray();
            if (errors.Length == 0)
            {
                errors = [new ConfigError(new ConfigLocation(path, 0, 0), "", "the compiler produced no snapshot and no error")];
            }

            return new ConfigBuildResult<TSnapshot>(null, config, errors);
        }

        return new ConfigBuildResult<TSnapshot>(snapshot, config, []);
    }
}
