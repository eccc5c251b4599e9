using Microsoft.Extensions.Logging.Abstractions;
using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Proxy.Tests.Tls;
using SipGuard.Reload;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Reload;

/// <summary>
/// Certificate files are watched like list files: a replaced certificate reloads and is what the
/// running config holds next; a broken one is refused at the key naming it and the running one stays.
/// </summary>
public sealed class TlsReloadTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly TempConfig _dir = new(TlsFiles.Config);
    private readonly ConfigStore<RuntimeSnapshot> _store = new();
    private readonly TestPki _pki;

    public TlsReloadTests() => _pki = TlsFiles.Write(_dir.Directory);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Replaced_certificate_file_reloads_and_the_new_certificate_is_in_force()
    {
        using var watcher = Started();
        var before = _store.Current.Config.Proxy.Tls.Server!.Leaf.Thumbprint;
        var applied = Next(watcher, o => o.Applied && _store.Current.Config.Proxy.Tls.Server!.Leaf.Thumbprint != before);

        var renewed = _pki.Server("sipguard.renewed");
        TestPki.WritePem(renewed, Path.Combine(_dir.Directory, "tls", "server.crt"), Path.Combine(_dir.Directory, "tls", "server.key"));

        (await applied).Trigger.Should().StartWith(Path.Combine(_dir.Directory, "tls"));
        _store.Current.Config.Proxy.Tls.Server!.Leaf.Thumbprint.Should().Be(renewed.Thumbprint);
    }

    [Fact]
    public async Task Broken_certificate_file_is_refused_at_its_key_and_the_running_certificate_stays()
    {
        using var watcher = Started();
        var running = _store.Current;
        var rejected = Next(watcher, o => !o.Applied && o.Errors.Any(e => e.ConfigPath == "tls.certificate"));

        File.WriteAllText(Path.Combine(_dir.Directory, "tls", "server.crt"), "-----BEGIN CERTIFICATE-----\ntruncated");

        var outcome = await rejected;
        outcome.Errors.Single(e => e.ConfigPath == "tls.certificate").ToString().Should().StartWith($"{_dir.ConfigPath}:3:16: error: tls.certificate: cannot load");
        _store.Current.Should().BeSameAs(running);
    }

    [Fact]
    public void A_config_the_compiler_refuses_gives_back_the_certificates_it_loaded()
    {
        var compiler = new RecordingCompiler { Errors = [new CompileError("proxy", "refused for the test")] };

        var result = ConfigBuild.Run(_dir.ConfigPath, compiler, previous: null);

        result.Succeeded.Should().BeFalse();
        var loaded = compiler.LastConfig!.Proxy.Tls.Certificates;
        loaded.Should().NotBeEmpty().And.OnlyContain(c => c.Handle == IntPtr.Zero, "a refused config is never in force, so nothing else would release them");
    }

    [Fact]
    public void A_config_the_compiler_throws_on_gives_back_the_certificates_it_loaded()
    {
        var compiler = new RecordingCompiler { Throw = new InvalidOperationException("compiler bug") };

        var run = () => ConfigBuild.Run(_dir.ConfigPath, compiler, previous: null);

        run.Should().Throw<InvalidOperationException>();
        compiler.LastConfig!.Proxy.Tls.Certificates.Should().NotBeEmpty().And.OnlyContain(c => c.Handle == IntPtr.Zero);
    }

    [Fact]
    public void A_config_the_compiler_accepts_keeps_its_certificates()
    {
        var result = ConfigBuild.Run(_dir.ConfigPath, new RecordingCompiler(), previous: null);

        result.Succeeded.Should().BeTrue();
        result.Config!.Proxy.Tls.Certificates.Should().NotBeEmpty().And.OnlyContain(c => c.Handle != IntPtr.Zero);
    }

    private ConfigWatcher<RuntimeSnapshot> Started()
    {
        var watcher = new ConfigWatcher<RuntimeSnapshot>(_dir.ConfigPath, new RecordingCompiler(), _store, NullLogger.Instance, TimeProvider.System, TimeSpan.FromMilliseconds(50));
        watcher.ReloadNow("start-up").Applied.Should().BeTrue();
        watcher.Start(handleSighup: false);
        return watcher;
    }

    private static Task<ReloadOutcome> Next(ConfigWatcher<RuntimeSnapshot> watcher, Func<ReloadOutcome, bool> match)
    {
        var done = new TaskCompletionSource<ReloadOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Reloaded += outcome =>
        {
            if (match(outcome))
            {
                done.TrySetResult(outcome);
            }
        };
        return done.Task.WaitAsync(Deadline);
    }
}
