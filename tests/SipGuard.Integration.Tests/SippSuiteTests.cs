using System.Diagnostics;
using System.Text;

namespace SipGuard.Integration.Tests;

/// <summary>
/// Runs the whole SIPp conformance suite (<c>sipp-scenarios/run.sh</c>) against the sipguard.dll
/// this project was built with, so a CI run checks the real host end to end without a second build.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class SippSuiteTests
{
    // run.sh stops itself after SUITE_TIMEOUT; the outer bound only guards against a hung script.
    private const int SuiteTimeoutSeconds = 240;
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(SuiteTimeoutSeconds + 60);

    [Fact]
    public async Task SippSuite_AgainstBuiltHost_EveryCasePasses()
    {
        var sipp = FindOnPath("sipp");
        sipp.Should().NotBeNull("the SIPp suite needs `sipp` on PATH (install the sip-tester package); this test does not skip");

        var repo = FindRepoRoot();
        var script = Path.Combine(repo, "sipp-scenarios", "run.sh");
        File.Exists(script).Should().BeTrue($"the suite script should be at {script}");
        var dll = Path.Combine(AppContext.BaseDirectory, "sipguard.dll");
        File.Exists(dll).Should().BeTrue($"the host this project references should be copied to {dll}");

        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repo,
        };
        start.ArgumentList.Add(script);
        start.Environment["SIPGUARD_DLL"] = dll;
        start.Environment["SUITE_TIMEOUT"] = SuiteTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var output = new StringBuilder();
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (errors) { errors.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The script's own EXIT trap stops the proxy and the sipp processes it started.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"run.sh did not finish within {ProcessTimeout}.\n{Report(output, errors)}");
        }

        // WaitForExitAsync returns after the redirected streams reach end of file.
        var report = Report(output, errors);
        var rows = TableRows(output.ToString());
        rows.Should().NotBeEmpty($"run.sh should print a result table.\n{report}");
        var failed = rows.Where(r => !r.Result.Equals("pass", StringComparison.Ordinal)).Select(r => r.Line).ToList();
        failed.Should().BeEmpty($"every SIPp case should pass.\n{report}");
        process.ExitCode.Should().Be(0, $"run.sh exits 0 only when every case passed.\n{report}");
    }

    private static string Report(StringBuilder output, StringBuilder errors)
    {
        lock (output)
        {
            lock (errors)
            {
                return $"--- stdout ---\n{output}\n--- stderr ---\n{errors}";
            }
        }
    }

    /// <summary>The rows between the table's dashed rule and the blank line after it; column 5 is the result.</summary>
    private static List<(string Line, string Result)> TableRows(string output)
    {
        var rows = new List<(string, string)>();
        var inTable = false;
        foreach (var line in output.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith("------------------------------ ", StringComparison.Ordinal))
            {
                inTable = true;
                continue;
            }

            if (!inTable)
            {
                continue;
            }

            if (trimmed.Length == 0)
            {
                break;
            }

            var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            rows.Add((trimmed, fields.Length >= 5 ? fields[4] : "?"));
        }

        return rows;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SipGuard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds SipGuard.sln");
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}
