namespace SipGuard.Integration.Tests;

/// <summary>
/// SipGuard published with Native AOT (the build the deploy files and the bench run), once per test class:
/// the tests then run the native <c>sipguard</c> binary itself, so what reflection or dynamic code would
/// break in that build (the admin address's JSON, config reading, the CLI) fails here.
/// </summary>
public sealed class NativeAotBuild : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-aot-").FullName;

    public string Binary => Path.Combine(_dir, "sipguard");

    public async Task InitializeAsync()
    {
        var project = Path.Combine(RepositoryRoot(), "src", "SipGuard");
        using var publish = ResilienceProcess.Start(
            "dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-p:CppCompilerAndLinker=gcc", "-o", _dir],
            bound: TimeSpan.FromMinutes(15));
        (await publish.WaitForExitAsync()).Should().Be(0, "the Native AOT publish builds with no trim or AOT warning (warnings are errors):\n" + publish.Log);
        File.Exists(Binary).Should().BeTrue();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
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
