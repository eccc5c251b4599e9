using SipGuard.Policy.Configuration;
using SipGuard.Policy.Tests.Support;

namespace SipGuard.Policy.Tests.Lists;

public sealed class ListLoadingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private PolicyConfig Config(string file = "black.txt") => new(
        NumberingConfig.Default,
        [PolicyFixture.Trunk("carrier", TrunkKind.Interconnect, "127.0.0.6/32", TrunkMode.Enforce, [])],
        [],
        [new ListConfig("black", file, ListAction.Reject, 608, null, [])],
        _dir.Path);

    private static Decision Call(PolicySnapshot s, string from) =>
        s.Decide(new CallAttempt(SourceEndpoint.Parse("127.0.0.6", 5060), IdentitySpec.ParseAll($"FROM sip:{from}@x")));

    [Fact]
    public void Comments_blank_lines_national_forms_prefixes_and_ranges_are_read()
    {
        _dir.Write("black.txt", "# header\n\n+8613800138000   # trailing comment\n013912345678\r\n0086 137 0000 0001\n+8615*\n+8618600000000..+8618600000009\n");

        var s = PolicyCompiler.Compile(Config()).Snapshot!;

        s.ListEntries["black"].Should().Be(5);
        Call(s, "+8613800138000").RuleId.Should().Be(RuleIds.Blacklisted);
        Call(s, "13912345678").RuleId.Should().Be(RuleIds.Blacklisted);
        Call(s, "+8613700000001").RuleId.Should().Be(RuleIds.Blacklisted);
        Call(s, "+8615012345678").RuleId.Should().Be(RuleIds.Blacklisted);
        Call(s, "+8618600000009").RuleId.Should().Be(RuleIds.Blacklisted);
        Call(s, "+8618600000010").RuleId.Should().Be(RuleIds.Allowed);
    }

    [Fact]
    public void Half_written_file_without_final_newline_is_refused_with_its_line()
    {
        _dir.Write("black.txt", "+8613800138000\n+86139");

        var r = PolicyCompiler.Compile(Config());

        r.Succeeded.Should().BeFalse();
        r.Errors.Should().ContainSingle().Which.Should().Match<PolicyError>(e => e.Line == 2 && e.ConfigPath == "lists.black.file" && e.Message.Contains("newline"));
    }

    [Fact]
    public void Unchanged_file_is_reused_from_the_cache_and_a_changed_one_reloaded()
    {
        var path = _dir.Write("black.txt", "+8613800138000\n");
        var cache = new ListCache();

        var first = PolicyCompiler.Compile(Config(), cache).Snapshot!;
        var second = PolicyCompiler.Compile(Config(), cache).Snapshot!;
        cache.Hits.Should().Be(1);

        File.WriteAllText(path, "+8613800138000\n+8613912345678\n");
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));
        var third = PolicyCompiler.Compile(Config(), cache).Snapshot!;

        cache.Hits.Should().Be(1);
        Call(second, "+8613912345678").RuleId.Should().Be(RuleIds.Allowed);
        Call(third, "+8613912345678").RuleId.Should().Be(RuleIds.Blacklisted);
        Call(first, "+8613800138000").RuleId.Should().Be(RuleIds.Blacklisted);
    }

    [Fact]
    public void Failed_reload_leaves_the_previous_snapshot_usable()
    {
        // What an embedding application holds is the snapshot itself (README: keep it in a field and
        // replace it only when a compile succeeds); a failed compile must not disturb it.
        var path = _dir.Write("black.txt", "+8613800138000\n");
        var current = PolicyCompiler.Compile(Config()).Snapshot!;

        File.WriteAllText(path, "+8613800138000\n+8613");
        var reload = PolicyCompiler.Compile(Config());
        if (reload.Succeeded)
        {
            current = reload.Snapshot!;
        }

        reload.Succeeded.Should().BeFalse();
        reload.Snapshot.Should().BeNull();
        Call(current, "+8613800138000").RuleId.Should().Be(RuleIds.Blacklisted);
    }

    public void Dispose() => _dir.Dispose();
}
