using System.Diagnostics;
using System.Text;

namespace SipGuard.Integration.Tests;

/// <summary>
/// A child process of a resilience test (the real <c>sipguard run</c>, or a SIPp peer) with its output
/// collected line by line, and waits on lines that appear: the test synchronises on what the
/// process says, never on time. Disposing kills the process (only this one, by its id).
/// </summary>
internal sealed class ResilienceProcess : IDisposable
{
    private static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly TimeSpan _bound;
    private readonly StringBuilder _log = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

    private ResilienceProcess(Process process, TimeSpan bound)
    {
        _process = process;
        _bound = bound;
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <param name="bound">How long a wait on this process may take before the test fails (default 120 s).</param>
    public static ResilienceProcess Start(string file, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? bound = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var wrapper = new ResilienceProcess(process, bound ?? DefaultBound);
        process.OutputDataReceived += (_, e) => wrapper.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    public static ResilienceProcess Sipguard(string config) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "sipguard.dll"), "run", "--config", config], Path.GetDirectoryName(config));

    public static ResilienceProcess Sipp(params string[] arguments) => Start("sipp", [.. arguments, "-nostdin"]);

    /// <summary>Where the log is now, for <see cref="WaitForLineAsync(string, int)"/>: only what is said after it counts.</summary>
    public int LogMark
    {
        get
        {
            lock (_log)
            {
                return _log.Length;
            }
        }
    }

    /// <summary>
    /// Completes when a line containing <paramref name="text"/> has been written at or after
    /// <paramref name="since"/> (a <see cref="LogMark"/>; 0: earlier lines count too).
    /// </summary>
    public async Task WaitForLineAsync(string text, int since = 0)
    {
        TaskCompletionSource seen;
        lock (_log)
        {
            if (_log.ToString(since, _log.Length - since).Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((text, seen));
        }

        try
        {
            await seen.Task.WaitAsync(_bound);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"no line with '{text}' within {_bound}; the process said:\n{Log}");
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        using var cancel = new CancellationTokenSource(_bound);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the process did not exit within {_bound}; it said:\n{Log}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as systemd stops SipGuard: it drains and flushes (the evidence log) before it exits.</summary>
    public async Task TerminateAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync();
    }

    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // never started
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
            for (var i = _waits.Count - 1; i >= 0; i--)
            {
                if (line.Contains(_waits[i].Text, StringComparison.Ordinal))
                {
                    _waits[i].Seen.TrySetResult();
                    _waits.RemoveAt(i);
                }
            }
        }
    }
}
