using System.IO.Compression;
using System.Xml.Linq;
using SipGuard.Policy.Tests.Support;

namespace SipGuard.Policy.Tests.Packaging;

/// <summary>
/// The package as an embedding application gets it: packed into a local feed, consumed by samples/EmbeddedPolicy through
/// a PackageReference (not the source tree), and run on the sample's CSV of calls.
/// </summary>
public sealed class EmbeddedSampleTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task The_packed_package_builds_the_sample_from_a_local_feed_and_the_sample_prints_every_verdict()
    {
        var root = RepositoryRoot();
        var feed = Directory.CreateDirectory(Path.Combine(_work.Path, "feed")).FullName;

        var pack = await DotnetCli.RunAsync(root, "pack", Path.Combine("src", "SipGuard.Policy", "SipGuard.Policy.csproj"),
            "-c", Configuration, "--no-build", "-o", feed, "--disable-build-servers");
        pack.ExitCode.Should().Be(0, pack.Output);
        var package = Directory.GetFiles(feed, "SipGuard.Policy.*.nupkg").Should().ContainSingle().Subject;
        var version = Path.GetFileNameWithoutExtension(package)["SipGuard.Policy.".Length..];
        File.Exists(Path.ChangeExtension(package, ".snupkg")).Should().BeTrue("symbols are packed beside the package");
        CheckPackageContents(package);

        var sample = Path.Combine(_work.Path, "EmbeddedPolicy");
        CopySample(Path.Combine(root, "samples", "EmbeddedPolicy"), sample);
        // Tests run without network: the sample's other dependencies (libphonenumber-csharp, YamlDotNet) come from
        // this machine's NuGet package folder, used as a second local feed; restored packages go to a fresh folder so a
        // package packed earlier under the same version can never be served instead of this one.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(sample, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="sipguard-local" value="{feed}" />
                <add key="machine-packages" value="{cache}" />
              </packageSources>
            </configuration>
            """);

        var build = await DotnetCli.RunAsync(sample, "build", "-c", "Release", "--disable-build-servers",
            $"-p:SipGuardPolicyVersion={version}", $"-p:RestorePackagesPath={Path.Combine(_work.Path, "packages")}");
        build.ExitCode.Should().Be(0, build.Output);
        File.Exists(Path.Combine(_work.Path, "packages", "sipguard.policy", version, $"sipguard.policy.{version}.nupkg"))
            .Should().BeTrue("the sample restores SipGuard.Policy from the local feed");

        var dll = Path.Combine(sample, "bin", "Release", "net10.0", "EmbeddedPolicy.dll");
        var run = await DotnetCli.RunAsync(sample, dll, "policy.yaml", "calls.csv");

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "allowed: Allow [allowed] trunk=acme-line-1",
            "national-form: Allow [allowed] trunk=acme-line-1",
            "spoofed-pai: Reject 403 Forbidden [caller-not-allowed] trunk=acme-line-1",
            "withheld: Reject 433 Anonymity Disallowed [withheld-caller] trunk=acme-line-1",
            "anonymous: Reject 433 Anonymity Disallowed [empty-caller] trunk=acme-line-1",
            "special-withheld: Allow [allowed] trunk=acme-line-1",
            "blacklisted: Reject 608 Rejected [blacklisted] trunk=acme-line-1",
            "grey-listed: Tag [grey-listed] tag=\"suspected fraud\" trunk=acme-line-1",
            "monitored: WouldReject 403 Forbidden [caller-not-allowed] trunk=acme-line-2",
            "domestic-on-intl: Reject 403 Forbidden [domestic-caller-on-international] trunk=intl-gw",
            "foreign-on-intl: Allow [allowed] trunk=intl-gw",
            "unknown-peer: Reject 403 Forbidden [unknown-peer] trunk=-");

        var explained = await DotnetCli.RunAsync(sample, dll, "policy.yaml", "calls.csv", "--explain");
        explained.ExitCode.Should().Be(0, explained.Output);
        explained.Output.Should().Contain("7. caller-not-allowed: Decided").And.Contain("[0] Pai: sip:+8613912345678@192.0.2.10  =>  +8613912345678");

        // A config error in the sample's YAML comes back located, not as a crash.
        File.WriteAllText(Path.Combine(sample, "policy.yaml"),
            File.ReadAllText(Path.Combine(sample, "policy.yaml")).Replace("allowed_callers:", "allowd_callers:", StringComparison.Ordinal));
        var broken = await DotnetCli.RunAsync(sample, dll, "policy.yaml", "calls.csv");
        broken.ExitCode.Should().Be(1);
        broken.Output.Should().Contain("policy.yaml:8:5: error: trunks.acme-line-1.allowd_callers: unknown key 'allowd_callers'; did you mean 'allowed_callers'?");
    }

    private static void CheckPackageContents(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var names = zip.Entries.Select(e => e.FullName).ToArray();
        names.Should().Contain(["README.md", "lib/net10.0/SipGuard.Policy.dll", "lib/net10.0/SipGuard.Policy.xml"]);

        using var nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Field("id").Should().Be("SipGuard.Policy");
        Field("license").Should().Be("MIT");
        Field("readme").Should().Be("README.md");
        Field("description").Should().NotBeNullOrWhiteSpace();
        metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value)
            .Should().BeEquivalentTo(["libphonenumber-csharp", "YamlDotNet"]);
    }

    private static void CopySample(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SipGuard.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SipGuard.sln not found above the test folder");
    }
}
