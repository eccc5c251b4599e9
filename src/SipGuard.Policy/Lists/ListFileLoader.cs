using System.Diagnostics;
using SipGuard.Policy.Numbering;
using SipGuard.Policy.NumberSets;

namespace SipGuard.Policy.Lists;

/// <summary>
/// Reads a list file from bytes in large chunks (no string per line): one number, prefix or range a
/// line, <c>#</c> comments, blank lines ignored. Every bad line is an error naming file:line; a file
/// whose last line has no newline, or that changed while being read, is refused as half-written.
/// </summary>
internal static class ListFileLoader
{
    private const int ChunkSize = 1 << 20;
    private const int MaxErrorsPerFile = 50;
    private const int MaxLineLength = 256;

    public static NumberList? Load(string fullPath, string configPath, NumberingPlan plan, List<PolicyError> errors)
    {
        var info = new FileInfo(fullPath);
        if (!info.Exists)
        {
            errors.Add(new PolicyError(configPath, $"list file not found: {fullPath}", fullPath));
            return null;
        }

        var length = info.Length;
        var lastWrite = info.LastWriteTimeUtc;
        var watch = Stopwatch.StartNew();
        var builder = new NumberSetBuilder((int)Math.Min(int.MaxValue / 2, length / 14));
        var errorCount = 0;
        long total = 0;
        var lineNumber = 0;
        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            var buffer = new byte[ChunkSize + MaxLineLength];
            var carry = 0;
            while (true)
            {
                var read = stream.Read(buffer, carry, ChunkSize);
                if (read == 0)
                {
                    break;
                }

                total += read;
                var data = buffer.AsSpan(0, carry + read);
                var start = 0;
                while (true)
                {
                    var nl = data[start..].IndexOf((byte)'\n');
                    if (nl < 0)
                    {
                        break;
                    }

                    lineNumber++;
                    ParseLine(data.Slice(start, nl), lineNumber, fullPath, configPath, plan, builder, errors, ref errorCount);
                    start += nl + 1;
                }

                carry = data.Length - start;
                if (carry > MaxLineLength)
                {
                    errors.Add(new PolicyError(configPath, "line is too long", fullPath, lineNumber + 1));
                    return null;
                }

                data[start..].CopyTo(buffer);
            }

            if (carry > 0)
            {
                errors.Add(new PolicyError(configPath, "last line is not terminated by a newline (file still being written?)", fullPath, lineNumber + 1));
                return null;
            }
        }
        catch (IOException ex)
        {
            errors.Add(new PolicyError(configPath, $"cannot read list file: {ex.Message}", fullPath));
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            errors.Add(new PolicyError(configPath, $"cannot read list file: {ex.Message}", fullPath));
            return null;
        }

        info.Refresh();
        if (total != length || info.Length != length || info.LastWriteTimeUtc != lastWrite)
        {
            errors.Add(new PolicyError(configPath, "list file changed while being read (still being written?)", fullPath));
            return null;
        }

        if (errorCount > 0)
        {
            if (errorCount > MaxErrorsPerFile)
            {
                errors.Add(new PolicyError(configPath, $"{errorCount - MaxErrorsPerFile} more bad lines not shown", fullPath));
            }

            return null;
        }

        var set = builder.Build();
        return new NumberList(fullPath, length, lastWrite, plan.CountryCode, set, builder.Count, watch.Elapsed);
    }

    private static void ParseLine(
        ReadOnlySpan<byte> line,
        int lineNumber,
        string fullPath,
        string configPath,
        NumberingPlan plan,
        NumberSetBuilder builder,
        List<PolicyError> errors,
        ref int errorCount)
    {
        var hash = line.IndexOf((byte)'#');
        if (hash >= 0)
        {
            line = line[..hash];
        }

        line = line.Trim(" \t\r"u8);
        if (line.IsEmpty)
        {
            return;
        }

        if (NumberPatternParser.TryParseFast(line, out var number))
        {
            builder.AddExact(number);
            return;
        }

        if (NumberPatternParser.TryParse(plan, line, out var pattern, out var error))
        {
            builder.Add(pattern);
            return;
        }

        if (++errorCount <= MaxErrorsPerFile)
        {
            errors.Add(new PolicyError(configPath, error ?? "bad entry", fullPath, lineNumber));
        }
    }
}
