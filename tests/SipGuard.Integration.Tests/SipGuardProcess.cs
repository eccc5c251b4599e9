using System.Diagnostics;
using System.Globalization;

namespace SipGuard.Integration.Tests;

/// <summary>A running <c>sipguard run</c> (the built sipguard.dll), started once it says "Application started"; and one-shot CLI runs.</summary>
internal sealed class SipGuardProcess : IDisposable
{
    private readonly Process _process;

    private SipGuardProcess(Process process) => _process = process;

    public static async Task<(int Exit, string Output, string Error)> Cli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sipguard.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    public static async Task<SipGuardProcess> StartAsync(string config)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sipguard.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        var process = new Process { StartInfo = start };
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new SipGuardProcess(process);
    }

    public void Kill()
    {
        using var kill = Process.Start("kill", ["-KILL", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        _process.WaitForExit();
    }

    public async Task TerminateAsync()
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(exit.Token);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
