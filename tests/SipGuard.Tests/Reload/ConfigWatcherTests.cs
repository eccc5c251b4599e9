using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Reload;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Reload;

public sealed class ConfigWatcherTests : IDisposable
{
    // Only a safety net against a hung test; every wait completes on an event long before.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly TempConfig _dir = new();
    private readonly ConfigStore<RuntimeSnapshot> _store = new();
    private readonly RecordingCompiler _compiler = new();

    public void Dispose() => _dir.Dispose();

    private ConfigWatcher<RuntimeSnapshot> Watcher(TimeProvider? time = null) =>
        new(_dir.ConfigPath, _compiler, _store, NullLogger.Instance, time ?? TimeProvider.System, TimeSpan.FromMilliseconds(50));

    /// <summary>Completes with the first reload outcome that satisfies <paramref name="match"/>.</summary>
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

    private ConfigWatcher<RuntimeSnapshot> Started()
    {
        var watcher = Watcher();
        watcher.ReloadNow("start-up").Applied.Should().BeTrue();
        watcher.Start(handleSighup: false);
        return watcher;
    }

    [Fact]
    public void First_load_publishes_generation_one()
    {
        using var watcher = Watcher();
        var outcome = watcher.ReloadNow("start-up");
        outcome.Should().Be(new ReloadOutcome(true, 1, "start-up", []));
        _store.Current.Generation.Should().Be(1);
        _store.Current.Snapshot.Config.Policy.Trunks.Single().Id.Should().Be("acme-line-1");
    }

    [Fact]
    public async Task Saved_valid_edit_is_applied_as_the_next_generation()
    {
        using var watcher = Started();
        var applied = Next(watcher, o => o.Applied && o.Generation >= 2);

        _dir.Write(TempConfig.Valid.Replace("acme-line-1", "acme-line-9", StringComparison.Ordinal));

        (await applied).Errors.Should().BeEmpty();
        _store.Current.Config.Policy.Trunks.Single().Id.Should().Be("acme-line-9");
        _compiler.LastPrevious.Should().NotBeNull("the compiler gets the running snapshot to reuse unchanged lists");
    }

    [Fact]
    public async Task Invalid_edit_is_rejected_and_the_running_config_is_kept()
    {
        using var watcher = Started();
        var running = _store.Current;
        // Matched on the error sought: an editor's save can be seen half-written (an empty file) first.
        var rejected = Next(watcher, o => !o.Applied && o.Errors.Any(e => e.ConfigPath == "trunks.acme-line-1.kind"));

        _dir.Write(TempConfig.Valid.Replace("kind: private-line", "kind: privat-line", StringComparison.Ordinal));

        var outcome = await rejected;
        outcome.Generation.Should().Be(1);
        outcome.Errors.Select(e => e.ToString()).Should().Equal(
            $"{_dir.ConfigPath}:6:11: error: trunks.acme-line-1.kind: 'privat-line' is not one of private-line | international | interconnect | trusted; did you mean 'private-line'?");
        _store.Current.Should().BeSameAs(running);
    }

    [Fact]
    public async Task Deleted_list_file_is_rejected_and_the_running_config_keeps_the_old_list()
    {
        using var watcher = Started();
        var running = _store.Current;
        var rejected = Next(watcher, o => !o.Applied);

        _dir.DeleteList("lists/fakes.txt");

        var outcome = await rejected;
        outcome.Errors.Should().ContainSingle().Which.ConfigPath.Should().Be("lists.fakes.file");
        outcome.Errors[0].Message.Should().StartWith("list file 'lists/fakes.txt' does not exist");
        _store.Current.Should().BeSameAs(running);
    }

    [Fact]
    public async Task List_file_caught_half_written_is_rejected_and_the_running_list_keeps_serving()
    {
        using var watcher = Started();
        var running = _store.Current;
        var rejected = Next(watcher, o => !o.Applied && o.Errors.Any(e => e.ConfigPath == "lists.fakes.file"));

        // A writer stopped mid-line: the last entry has no line end yet.
        _dir.WriteList("lists/fakes.txt", "+12025550143\n+44207946");

        var outcome = await rejected;
        outcome.Errors.Should().ContainSingle().Which.ToString().Should().Contain("fakes.txt");
        _store.Current.Should().BeSameAs(running);
        _store.Current.Snapshot.Proxy.Policy.ListEntries["fakes"].Should().BeGreaterThan(0, "the list loaded before the bad write still serves calls");
    }

    [Fact]
    public async Task Edited_list_file_triggers_a_reload()
    {
        using var watcher = Started();
        var applied = Next(watcher, o => o.Applied && o.Generation >= 2);

        _dir.WriteList("lists/fakes.txt", "+12025550143\n+4420794600*\n");

        (await applied).Trigger.Should().Be(Path.Combine(_dir.Directory, "lists", "fakes.txt"));
    }

    [Fact]
    public async Task Changes_to_unrelated_files_in_the_folder_do_not_reload()
    {
        using var watcher = Started();
        var reloads = new List<ReloadOutcome>();
        watcher.Reloaded += reloads.Add;
        var listReload = Next(watcher, o => o.Applied);

        File.WriteAllText(Path.Combine(_dir.Directory, "notes.txt"), "not config");
        // A watched change afterwards: once its reload is seen, the unrelated write (earlier) had its chance.
        _dir.WriteList("lists/fakes.txt", "+12025550143\n");

        (await listReload).Trigger.Should().EndWith("fakes.txt");
        reloads.Should().OnlyContain(o => o.Trigger.EndsWith("fakes.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void Compiler_errors_are_rejected_and_located_in_the_config_file()
    {
        using var watcher = Watcher();
        watcher.ReloadNow("start-up");
        _compiler.Errors = [new CompileError("trunks.acme-line-1.sources[0]", "'127.0.0.2/33' is not a valid CIDR")];

        var outcome = watcher.ReloadNow("test");

        outcome.Applied.Should().BeFalse();
        outcome.Errors.Select(e => e.ToString()).Should().Equal(
            $"{_dir.ConfigPath}:7:16: error: trunks.acme-line-1.sources[0]: '127.0.0.2/33' is not a valid CIDR");
        _store.Current.Generation.Should().Be(1);
    }

    [Fact]
    public void Compiler_that_throws_does_not_take_down_the_running_config()
    {
        using var watcher = Watcher();
        watcher.ReloadNow("start-up");
        _compiler.Throw = new InvalidOperationException("boom");

        var outcome = watcher.ReloadNow("test");

        outcome.Applied.Should().BeFalse();
        outcome.Errors.Single().Message.Should().Be("reload failed: boom");
        _store.Current.Generation.Should().Be(1);
    }

    [Fact]
    public void Requests_within_the_debounce_window_fold_into_one_reload()
    {
        var time = new FakeTimeProvider();
        using var watcher = Watcher(time);
        var outcomes = new List<ReloadOutcome>();
        watcher.Reloaded += outcomes.Add;

        watcher.RequestReload("first");
        time.Advance(TimeSpan.FromMilliseconds(30));
        watcher.RequestReload("second");
        time.Advance(TimeSpan.FromMilliseconds(30));
        outcomes.Should().BeEmpty("the second request restarted the debounce window");
        time.Advance(TimeSpan.FromMilliseconds(20));

        outcomes.Should().ContainSingle().Which.Trigger.Should().Be("second");
        _compiler.Calls.Should().Be(1);
    }

    [Fact]
    public void Store_before_the_first_load_refuses_to_be_read()
    {
        var store = new ConfigStore<RuntimeSnapshot>();
        store.HasValue.Should().BeFalse();
        var read = () => store.Current;
        read.Should().Throw<InvalidOperationException>();
    }
}
