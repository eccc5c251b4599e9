using Microsoft.Extensions.Logging.Abstractions;
using SipGuard.Hosting;
using SipGuard.Reload;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Reload;

/// <summary>Operator mistakes a reload must refuse while the running config keeps serving: lists emptied or cut down, YAML bombs.</summary>
public sealed class SuspectEditReloadTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly TempConfig _dir = new();
    private readonly ConfigStore<RuntimeSnapshot> _store = new();

    public void Dispose() => _dir.Dispose();

    private static string Numbers(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"+120255501{i:00}\n"));

    private ConfigWatcher<RuntimeSnapshot> Started(string listKeys = "", int entries = 10)
    {
        _dir.WriteList("lists/fakes.txt", Numbers(entries));
        _dir.Write(TempConfig.Valid.Replace("action: reject }", $"action: reject{listKeys} }}", StringComparison.Ordinal));
        var watcher = new ConfigWatcher<RuntimeSnapshot>(_dir.ConfigPath, new RuntimeCompiler(), _store, NullLogger.Instance, TimeProvider.System, TimeSpan.FromMilliseconds(50));
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

    private int RunningEntries => _store.Current.Snapshot.Proxy.Policy.ListEntries["fakes"];

    [Fact]
    public async Task ListTruncatedToZeroBytes_IsRefusedAsASuspectEdit_AndTheOldListKeepsServing()
    {
        using var watcher = Started();
        var running = _store.Current;
        var rejected = Next(watcher, o => !o.Applied && o.Errors.Any(e => e.ConfigPath == "lists.fakes.file"));

        _dir.WriteList("lists/fakes.txt", "");

        var error = (await rejected).Errors.Single(e => e.ConfigPath == "lists.fakes.file");
        error.ToString().Should().StartWith($"{_dir.ConfigPath}:").And.Contain("suspect edit").And.Contain("lists/fakes.txt").And.Contain("allow_empty");
        _store.Current.Should().BeSameAs(running);
        RunningEntries.Should().Be(10);
    }

    [Fact]
    public async Task ListShrunkByMoreThanMaxShrink_IsRefused()
    {
        using var watcher = Started();
        var rejected = Next(watcher, o => !o.Applied && o.Errors.Any(e => e.Message.Contains("max_shrink 0.5", StringComparison.Ordinal)));

        _dir.WriteList("lists/fakes.txt", Numbers(4));

        (await rejected).Generation.Should().Be(1);
        RunningEntries.Should().Be(10);
    }

    [Fact]
    public async Task ListShrunkWithinMaxShrink_IsApplied()
    {
        using var watcher = Started();
        var applied = Next(watcher, o => o.Applied && o.Generation >= 2);

        _dir.WriteList("lists/fakes.txt", Numbers(5));

        (await applied).Errors.Should().BeEmpty();
        RunningEntries.Should().Be(5);
    }

    [Fact]
    public async Task ConfiguredMaxShrink_LetsALargerCutThrough()
    {
        using var watcher = Started(", max_shrink: 0.9");
        var applied = Next(watcher, o => o.Applied && o.Generation >= 2);

        _dir.WriteList("lists/fakes.txt", Numbers(2));

        await applied;
        RunningEntries.Should().Be(2);
    }

    [Fact]
    public async Task AllowEmpty_LetsTheOperatorEmptyTheList()
    {
        using var watcher = Started(", allow_empty: true");
        var applied = Next(watcher, o => o.Applied && o.Generation >= 2);

        _dir.WriteList("lists/fakes.txt", "# emptied on purpose\n");

        await applied;
        RunningEntries.Should().Be(0);
    }

    [Fact]
    public async Task AliasBomb_IsRefusedWithItsLocation_AndTheRunningConfigKeeps_AndALaterValidEditApplies()
    {
        using var watcher = Started();
        var running = _store.Current;
        var rejected = Next(watcher, o => !o.Applied && o.Errors.Any(e => e.Message.Contains("alias", StringComparison.Ordinal)));

        _dir.Write(TempConfig.Valid + "\n" + BillionLaughs);

        var outcome = await rejected;
        outcome.Errors.Single().ToString().Should().StartWith($"{_dir.ConfigPath}:13:9:").And.Contain("'*a'");
        _store.Current.Should().BeSameAs(running);

        // The reload lock was released: the next good edit goes through.
        var applied = Next(watcher, o => o.Applied && o.Generation >= 2);
        _dir.Write(TempConfig.Valid.Replace("acme-line-1", "acme-line-2", StringComparison.Ordinal));
        await applied;
    }

    /// <summary>Ten levels of ten aliases each: 10^10 nodes if expanded. After the valid config, the first alias is at line 13, column 9.</summary>
    public static string BillionLaughs =>
        "x0: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" +
        string.Concat(Enumerable.Range(1, 9).Select(i =>
            $"x{i}: &{(char)('a' + i)} [{string.Join(", ", Enumerable.Repeat($"*{(char)('a' + i - 1)}", 10))}]\n"));
}
