using SipGuard.Configuration;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

public sealed class AdminConfigTests : IDisposable
{
    private readonly TempConfig _dir = new();

    public void Dispose() => _dir.Dispose();

    private ConfigLoadResult Load(string admin) =>
        ConfigLoader.Load((TempConfig.Valid + "\n" + admin + "\n").ReplaceLineEndings("\n"), "sipguard.yaml", _dir.Directory);

    private string[] Errors(string admin) => Load(admin).Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Without_admin_the_address_is_loopback_and_no_token_may_change_anything()
    {
        var admin = ConfigLoader.Load(TempConfig.Valid.ReplaceLineEndings("\n"), "sipguard.yaml", _dir.Directory).Config!.Admin;
        admin.Listen.Should().Be(new Uri("http://127.0.0.1:9090/"));
        admin.Tokens.Should().BeEmpty();
        admin.RuntimeListsDirectory.Should().BeNull();
    }

    [Fact]
    public void The_plain_address_form_keeps_working()
    {
        Load("admin: \"http://127.0.0.1:9191\"").Config!.Admin.Listen.Should().Be(new Uri("http://127.0.0.1:9191/"));
        Load("admin: off").Config!.Admin.Listen.Should().BeNull();
    }

    [Fact]
    public void The_map_form_reads_address_tokens_by_name_and_the_runtime_lists_folder()
    {
        _dir.WriteList("admin.tokens", "# operators\nops 0123456789abcdef\nnoc   fedcba9876543210fedc\n");
        var admin = Load("admin: { address: \"http://127.0.0.1:9192\", token_file: admin.tokens, runtime_lists: state }").Config!.Admin;

        admin.Listen.Should().Be(new Uri("http://127.0.0.1:9192/"));
        admin.Tokens.Should().BeEquivalentTo(new Dictionary<string, string> { ["ops"] = "0123456789abcdef", ["noc"] = "fedcba9876543210fedc" });
        admin.RuntimeListsDirectory.Should().Be(Path.Combine(_dir.Directory, "state"));
    }

    [Fact]
    public void A_bare_token_is_named_admin_and_the_address_defaults_to_loopback()
    {
        _dir.WriteList("admin.tokens", "0123456789abcdef\n");
        var admin = Load("admin: { token_file: admin.tokens }").Config!.Admin;
        admin.Tokens.Should().ContainKey("admin").WhoseValue.Should().Be("0123456789abcdef");
        admin.Listen.Should().Be(new Uri("http://127.0.0.1:9090/"));
    }

    [Fact]
    public void A_missing_token_file_is_located()
    {
        Errors("admin: { token_file: nope.tokens }").Should().ContainSingle()
            .Which.Should().StartWith("sipguard.yaml:12:22: error: admin.token_file: cannot read token file");
    }

    [Fact]
    public void A_short_token_is_refused_naming_its_line()
    {
        _dir.WriteList("admin.tokens", "# x\nops short\n");
        Errors("admin: { token_file: admin.tokens }").Should().ContainSingle()
            .Which.Should().EndWith("admin.tokens:2: token of 'ops' is shorter than 16 characters");
    }

    [Fact]
    public void An_empty_token_file_is_refused()
    {
        _dir.WriteList("admin.tokens", "# nothing\n");
        Errors("admin: { token_file: admin.tokens }").Should().ContainSingle().Which.Should().Contain("holds no token");
    }

    [Fact]
    public void Https_is_refused_as_not_built()
    {
        Errors("admin: { address: \"https://127.0.0.1:9443\" }").Should().Equal(
            "sipguard.yaml:12:19: error: admin.address: 'https://127.0.0.1:9443': https is not built into the admin server; serve http on loopback, or put a TLS proxy in front");
    }

    [Fact]
    public void An_unknown_admin_key_is_located()
    {
        Errors("admin: { adress: \"http://127.0.0.1:9090\" }").Should().ContainSingle().Which.Should().Contain("admin.adress: unknown key 'adress'");
    }
}
