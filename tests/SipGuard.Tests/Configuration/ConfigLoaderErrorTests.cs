using SipGuard.Configuration;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

public sealed class ConfigLoaderErrorTests : IDisposable
{
    private readonly TempConfig _dir = new();

    public void Dispose() => _dir.Dispose();

    private string[] Errors(string yaml)
    {
        var result = ConfigLoader.Load(yaml.ReplaceLineEndings("\n"), "sipguard.yaml", _dir.Directory);
        result.Succeeded.Should().Be(result.Errors.Count == 0);
        return result.Errors.Select(e => e.ToString()).ToArray();
    }

    private string[] ErrorsWith(string find, string replace)
    {
        TempConfig.Valid.Should().Contain(find);
        return Errors(TempConfig.Valid.Replace(find, replace, StringComparison.Ordinal));
    }

    [Fact]
    public void Valid_config_loads_without_errors()
    {
        Errors(TempConfig.Valid).Should().BeEmpty();
    }

    [Fact]
    public void Misspelt_trunk_key_is_located_and_gets_a_did_you_mean()
    {
        ErrorsWith("    allowed_callers:", "    alowed_callers:").Should().Equal(
            "sipguard.yaml:9:5: error: trunks.acme-line-1.alowed_callers: unknown key 'alowed_callers'; did you mean 'allowed_callers'?");
    }

    [Fact]
    public void Transposed_letters_in_a_key_still_find_the_key()
    {
        ErrorsWith("    upstream: callcenter", "    upsteram: callcenter").Should().Contain(
            "sipguard.yaml:8:5: error: trunks.acme-line-1.upsteram: unknown key 'upsteram'; did you mean 'upstream'?");
    }

    [Fact]
    public void Unknown_top_level_key_far_from_any_lists_the_valid_keys()
    {
        Errors(TempConfig.Valid + "\nwhatever: 1\n").Should().Equal(
            "sipguard.yaml:12:1: error: whatever: unknown key 'whatever'; valid keys here: role, listen, tls, numbering, upstreams, trunks, special_users, lists, admin, proxy, evidence, limits, telemetry, cluster, resolver");
    }

    [Fact]
    public void Bad_enum_value_lists_the_allowed_words_and_suggests_one()
    {
        ErrorsWith("kind: private-line", "kind: private_line").Should().Equal(
            "sipguard.yaml:6:11: error: trunks.acme-line-1.kind: 'private_line' is not one of private-line | international | interconnect | trusted; did you mean 'private-line'?");
    }

    [Fact]
    public void Bad_mode_lists_the_allowed_words()
    {
        ErrorsWith("    upstream: callcenter", "    upstream: callcenter\n    mode: block").Should().Equal(
            "sipguard.yaml:9:11: error: trunks.acme-line-1.mode: 'block' is not one of enforce | monitor | off");
    }

    [Fact]
    public void Map_where_a_list_belongs_is_a_type_error()
    {
        ErrorsWith("sources: [ \"127.0.0.2/32\" ]", "sources: { a: b }").Should().Equal(
            "sipguard.yaml:7:14: error: trunks.acme-line-1.sources: expected a list, found a map");
    }

    [Fact]
    public void Single_value_where_a_list_belongs_shows_how_to_write_the_list()
    {
        ErrorsWith("sources: [ \"127.0.0.2/32\" ]", "sources: 127.0.0.2/32").Should().Equal(
            "sipguard.yaml:7:14: error: trunks.acme-line-1.sources: expected a list, found '127.0.0.2/32'; write [ \"127.0.0.2/32\" ]");
    }

    [Fact]
    public void List_where_a_single_value_belongs_is_a_type_error()
    {
        ErrorsWith("    upstream: callcenter", "    upstream: [ callcenter ]").Should().Equal(
            "sipguard.yaml:8:15: error: trunks.acme-line-1.upstream: expected a single value, found a list");
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("No")]
    public void Yes_ish_boolean_is_refused_with_advice(string word)
    {
        ErrorsWith("    upstream: callcenter", $"    upstream: callcenter\n    special: {word}").Should().Equal(
            $"sipguard.yaml:9:14: error: trunks.acme-line-1.special: '{word}' is not a boolean; write true or false ('{word}' means different things to different YAML tools)");
    }

    [Fact]
    public void Non_integer_is_refused_with_the_allowed_range()
    {
        Errors(TempConfig.Valid + "\nproxy: { max_transactions: 12.5 }\n").Should().Equal(
            "sipguard.yaml:12:28: error: proxy.max_transactions: '12.5' is not a whole number; expected a whole number from 1 to 10000000");
    }

    [Fact]
    public void Integer_out_of_range_is_refused_with_the_allowed_range()
    {
        ErrorsWith("action: reject }", "action: reject, code: 200 }").Should().Equal(
            "sipguard.yaml:11:57: error: lists.fakes.code: 200 is out of range; expected a whole number from 400 to 699");
    }

    [Fact]
    public void Bad_duration_says_how_to_write_one()
    {
        Errors(TempConfig.Valid + "\nproxy:\n  drain_timeout: 30 seconds\n").Should().Equal(
            "sipguard.yaml:13:18: error: proxy.drain_timeout: '30 seconds' is not a duration; write a number with a unit: 500ms, 30s, 5m, 1h");
    }

    [Fact]
    public void Missing_required_key_is_reported_at_the_map_that_lacks_it()
    {
        ErrorsWith("    kind: private-line\n", "").Should().Equal(
            "sipguard.yaml:6:5: error: trunks.acme-line-1.kind: missing required key 'kind' (private-line | international | interconnect | trusted)");
    }

    [Fact]
    public void Missing_required_top_level_sections_are_each_reported()
    {
        Errors("special_users: [ \"+8613800138000\" ]\n").Should().Equal(
            "sipguard.yaml:1:1: error: listen: missing required key 'listen' (sockets to listen on, e.g. [ \"udp://127.0.0.1:5060\" ])",
            "sipguard.yaml:1:1: error: upstreams: missing required key 'upstreams' (where accepted calls go, keyed by name)",
            "sipguard.yaml:1:1: error: trunks: missing required key 'trunks' (the lines SipGuard screens, keyed by name)");
    }

    [Fact]
    public void Reference_to_a_missing_upstream_suggests_the_close_one()
    {
        ErrorsWith("    upstream: callcenter", "    upstream: callcentre").Should().Equal(
            "sipguard.yaml:8:15: error: trunks.acme-line-1.upstream: no upstream named 'callcentre' under 'upstreams:'; did you mean 'callcenter'?");
    }

    [Fact]
    public void Reference_to_a_missing_list_in_exemptions_names_the_defined_lists()
    {
        ErrorsWith("    upstream: callcenter", "    upstream: callcenter\n    domestic_exemptions: [ \"list:roaming\" ]").Should().Equal(
            "sipguard.yaml:9:28: error: trunks.acme-line-1.domestic_exemptions[0]: no list named 'roaming' under 'lists:'; defined: fakes");
    }

    [Fact]
    public void Unknown_scope_in_applies_to_names_kinds_and_trunks()
    {
        ErrorsWith("action: reject }", "action: reject, applies_to: [ internatonal, acme-line-2 ] }").Should().Equal(
            "sipguard.yaml:11:65: error: lists.fakes.applies_to[0]: 'internatonal' is neither a trunk kind (private-line | international | interconnect | trusted) nor a trunk id; did you mean 'international'?",
            "sipguard.yaml:11:79: error: lists.fakes.applies_to[1]: 'acme-line-2' is neither a trunk kind (private-line | international | interconnect | trusted) nor a trunk id; did you mean 'acme-line-1'?");
    }

    [Fact]
    public void Inbound_route_to_a_missing_trunk_is_reported()
    {
        Errors(TempConfig.Valid + "\nproxy:\n  inbound:\n    - { from_upstream: callcenter, to_trunk: acme }\n").Should().Equal(
            "sipguard.yaml:14:46: error: proxy.inbound[0].to_trunk: no trunk named 'acme' under 'trunks:'; defined: acme-line-1");
    }

    [Fact]
    public void List_file_that_does_not_exist_is_reported_with_where_it_was_looked_for()
    {
        var expected = Path.Combine(_dir.Directory, "lists", "nope.txt");
        ErrorsWith("lists/fakes.txt", "lists/nope.txt").Should().Equal(
            $"sipguard.yaml:11:18: error: lists.fakes.file: list file 'lists/nope.txt' does not exist (looked for {expected})");
    }

    [Theory]
    [InlineData("udp://localhost:5060", "'udp://localhost:5060': 'localhost' is not an IP address; listeners bind to a literal address (0.0.0.0 for all)")]
    [InlineData("sctp://127.0.0.1:5060", "'sctp://127.0.0.1:5060': unknown transport 'sctp'; expected udp, tcp or tls")]
    [InlineData("udp://127.0.0.1:70000", "'udp://127.0.0.1:70000': '70000' is not a port (1..65535)")]
    [InlineData("127.0.0.1:5060", "'127.0.0.1:5060' is not a listen URI; write transport://address:port, e.g. udp://127.0.0.1:5060")]
    [InlineData("udp://::1:5060", "'udp://::1:5060': put an IPv6 address in brackets, e.g. [::1]:5060")]
    public void Bad_listen_uri_is_located_and_explained(string uri, string message)
    {
        ErrorsWith("udp://127.0.0.1:5060", uri).Should().Equal($"sipguard.yaml:1:11: error: listen[0]: {message}");
    }

    [Fact]
    public void Listener_listed_twice_is_reported()
    {
        ErrorsWith("listen: [ \"udp://127.0.0.1:5060\" ]", "listen: [ \"udp://127.0.0.1:5060\", \"udp://127.0.0.1\" ]").Should().Equal(
            "sipguard.yaml:1:35: error: listen[1]: 'udp://127.0.0.1' is listed twice");
    }

    [Theory]
    [InlineData("sip:127.0.0.1:99999", "'sip:127.0.0.1:99999': '99999' is not a port (1..65535)")]
    [InlineData("http://127.0.0.1:5080", "'http://127.0.0.1:5080' is not a SIP URI; write sip:address:port, e.g. sip:127.0.0.1:5080")]
    [InlineData("sip:127.0.0.1:5080;transport=sctp", "'sip:127.0.0.1:5080;transport=sctp': unknown transport 'sctp'; expected udp, tcp or tls")]
    public void Bad_upstream_target_is_located_and_explained(string uri, string message)
    {
        ErrorsWith("sip:127.0.0.1:5080", uri).Should().Equal($"sipguard.yaml:3:28: error: upstreams.callcenter.targets[0]: {message}");
    }

    [Fact]
    public void Upstream_target_on_a_transport_no_listener_provides_is_refused()
    {
        ErrorsWith("sip:127.0.0.1:5080", "sip:127.0.0.1:5080;transport=tcp").Should().Equal(
            "sipguard.yaml:3:28: error: upstreams.callcenter.targets[0]: 'sip:127.0.0.1:5080;transport=tcp' is reached over TCP, and no listener provides it: add a 'tcp://' entry to listen");
    }

    [Fact]
    public void Upstream_target_on_a_listened_transport_loads()
    {
        Errors(TempConfig.Valid
            .Replace("listen: [ \"udp://127.0.0.1:5060\" ]", "listen: [ \"udp://127.0.0.1:5060\", \"tcp://127.0.0.1:5060\" ]", StringComparison.Ordinal)
            .Replace("sip:127.0.0.1:5080", "sip:127.0.0.1:5080;transport=tcp", StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Fact]
    public void Inbound_target_on_a_transport_no_listener_provides_is_refused()
    {
        var yaml = TempConfig.Valid + "\nproxy:\n  inbound:\n    - { from_upstream: callcenter, to_trunk: acme-line-1, target: \"sip:127.0.0.2:5060;transport=tcp\" }\n";
        Errors(yaml).Should().Equal(
            "sipguard.yaml:14:67: error: proxy.inbound[0].target: 'sip:127.0.0.2:5060;transport=tcp' is reached over TCP, and no listener provides it: add a 'tcp://' entry to listen");
    }

    [Fact]
    public void Bad_admin_url_is_reported()
    {
        Errors(TempConfig.Valid + "\nadmin: \"127.0.0.1:9090\"\n").Should().Equal(
            "sipguard.yaml:12:8: error: admin: '127.0.0.1:9090' is not an http URL; write e.g. http://127.0.0.1:9090 (or off)");
    }

    [Fact]
    public void Unclosed_flow_list_becomes_a_located_error_not_an_exception()
    {
        var errors = ErrorsWith("    upstream: callcenter", "    upstream: [ callcenter");
        errors.Should().ContainSingle().Which.Should().MatchRegex(@"^sipguard\.yaml:(8|9):\d+: error: YAML syntax: ");
    }

    [Fact]
    public void Input_that_trips_the_yaml_library_internally_still_becomes_a_located_error()
    {
        // YamlDotNet throws InvalidOperationException (no mark) for this one.
        Errors("listen: 1\ntrunks:\n  c: [ x\n  d: 2\n").Should().ContainSingle()
            .Which.Should().MatchRegex(@"^sipguard\.yaml:[34]:\d+: error: YAML syntax: malformed YAML after this point");
    }

    [Fact]
    public void Unclosed_quote_becomes_a_located_error()
    {
        Errors("listen: 'udp://127.0.0.1\n").Should().Equal(
            "sipguard.yaml:1:9: error: YAML syntax: While scanning a quoted scalar, found unexpected end of stream.");
    }

    [Fact]
    public void Duplicate_key_becomes_a_located_error()
    {
        ErrorsWith("    upstream: callcenter", "    upstream: callcenter\n    kind: trusted").Should().Equal(
            "sipguard.yaml:9:5: error: YAML syntax: duplicate key 'kind': a key may appear only once in a map");
    }

    [Fact]
    public void Tab_indentation_is_located_at_the_tab()
    {
        Errors("listen:\n\t- a\n").Should().Equal(
            "sipguard.yaml:2:1: error: YAML syntax: While scanning a mapping, found invalid tab as indentation.");
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        Errors("").Should().Equal("sipguard.yaml:1:1: error: the file is empty; see config/sipguard.yaml for a complete example");
    }

    [Fact]
    public void Root_that_is_not_a_map_is_an_error()
    {
        Errors("- a\n- b\n").Should().Equal("sipguard.yaml:1:1: error: expected a map of keys, found a list");
    }

    [Fact]
    public void Every_error_in_the_file_is_reported_at_once_in_file_order()
    {
        var yaml = TempConfig.Valid
            .Replace("kind: private-line", "kind: privat-line", StringComparison.Ordinal)
            .Replace("upstream: callcenter", "upstream: nowhere", StringComparison.Ordinal)
            .Replace("lists/fakes.txt", "lists/gone.txt", StringComparison.Ordinal)
            .Replace("udp://127.0.0.1:5060", "udp://127.0.0.1:x", StringComparison.Ordinal)
            + "\nlimits: { max_headers: many }\n";
        var errors = Errors(yaml);
        errors.Select(e => e.Split(": error: ")[0]).Should().Equal(
            "sipguard.yaml:1:11", "sipguard.yaml:6:11", "sipguard.yaml:8:15", "sipguard.yaml:11:18", "sipguard.yaml:12:24");
    }

    [Fact]
    public void Unreadable_config_file_is_an_error_not_an_exception()
    {
        var missing = Path.Combine(_dir.Directory, "absent.yaml");
        var result = ConfigLoader.LoadFile(missing);
        result.Succeeded.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.ToString().Should().StartWith($"{missing}: error: cannot read the config file: ");
    }
}
