using SipGuard.Admin.Lists;
using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Policy;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Admin;

public sealed class FileListOverlayTests : IDisposable
{
    private readonly TempConfig _dir = new();
    private readonly FileListOverlay _overlay = new();

    public void Dispose() => _dir.Dispose();

    private SipGuardConfig Config(string extra = "") =>
        ConfigLoader.Load((TempConfig.Valid + "\n" + extra + "\n").ReplaceLineEndings("\n"), _dir.ConfigPath, _dir.Directory).Config!;

    [Fact]
    public void Entries_live_beside_the_list_file_by_default_and_in_runtime_lists_when_set()
    {
        FileListOverlay.PathOf(Config(), "fakes").Should().Be(Path.Combine(_dir.Directory, "lists", "fakes.txt.runtime"));
        FileListOverlay.PathOf(Config("admin: { runtime_lists: state }"), "fakes").Should().Be(Path.Combine(_dir.Directory, "state", "fakes.runtime"));
    }

    [Fact]
    public void Add_counts_only_new_entries_remove_says_whether_it_was_there_and_both_persist()
    {
        var config = Config("admin: { runtime_lists: state }");

        _overlay.Add(config, "fakes", ["+8613800000000", "+8617951*"]).Should().Be(2);
        _overlay.Add(config, "fakes", ["+8613800000000"]).Should().Be(0);
        new FileListOverlay().Read(config)["fakes"].Should().Equal("+8613800000000", "+8617951*");

        _overlay.Remove(config, "fakes", "+8617951*").Should().BeTrue();
        _overlay.Remove(config, "fakes", "+8617951*").Should().BeFalse();
        new FileListOverlay().Read(config)["fakes"].Should().Equal("+8613800000000");
        File.Exists(Path.Combine(_dir.Directory, "state", "fakes.runtime")).Should().BeTrue();
    }

    [Fact]
    public void A_compile_merges_runtime_entries_over_the_file_and_tells_them_apart()
    {
        var config = Config();
        _overlay.Add(config, "fakes", ["+8613800000000"]);

        var compiled = new RuntimeCompiler(_overlay).Compile(config, previous: null);

        var policy = compiled.Snapshot!.Proxy.Policy;
        policy.ListEntries["fakes"].Should().Be(2);
        RuntimeListEntries.InFile(policy, "fakes", "+12025550143").Should().BeTrue();
        RuntimeListEntries.InFile(policy, "fakes", "+8613800000000").Should().BeFalse("it is a runtime entry, not in the file");
        RuntimeListEntries.InFile(policy, "nosuch", "+8613800000000").Should().BeNull();
    }

    [Fact]
    public void An_unreadable_runtime_entry_is_a_compile_error_naming_the_list()
    {
        var config = Config();
        File.WriteAllText(FileListOverlay.PathOf(config, "fakes"), "not-a-number\n");

        var compiled = new RuntimeCompiler(_overlay).Compile(config, previous: null);

        compiled.Snapshot.Should().BeNull();
        compiled.Errors.Should().ContainSingle().Which.Message.Should().Contain("runtime entry 'not-a-number'");
    }

    [Fact]
    public void Entries_are_canonical_so_national_and_international_forms_are_one_entry()
    {
        var policy = new RuntimeCompiler(_overlay).Compile(Config(), previous: null).Snapshot!.Proxy.Policy;

        RuntimeListEntries.TryCanonicalize(policy, " +8613800000000 ", out var a, out _).Should().BeTrue();
        a.Should().Be("+8613800000000");
        RuntimeListEntries.TryCanonicalize(policy, "junk", out _, out var error).Should().BeFalse();
        error.Should().NotBeEmpty();
    }
}
