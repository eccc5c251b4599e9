namespace SipGuard.Configuration;

/// <summary>
/// Reads <c>admin.token_file</c>: one token a line, <c>NAME TOKEN</c> (the name is what evidence records say
/// made a change) or a bare <c>TOKEN</c> (named <c>admin</c>); <c>#</c> comments and blank lines ignored.
/// </summary>
internal static class AdminTokenFile
{
    public const int MinTokenLength = 16;

    /// <summary>The tokens by name, or null with the reason (and 1-based line) when the file cannot be used.</summary>
    public static Dictionary<string, string>? Read(string path, out string error, out int line)
    {
        error = "";
        line = 0;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read token file {path}: {e.Message}";
            return null;
        }

        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i];
            var hash = text.IndexOf('#', StringComparison.Ordinal);
            text = (hash >= 0 ? text[..hash] : text).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var (name, token) = parts.Length == 1 ? ("admin", parts[0]) : (parts[0], parts[^1]);
            line = i + 1;
            if (parts.Length > 2)
            {
                error = $"{path}:{line}: write NAME TOKEN or TOKEN";
                return null;
            }

            if (token.Length < MinTokenLength)
            {
                error = $"{path}:{line}: token of '{name}' is shorter than {MinTokenLength} characters";
                return null;
            }

            if (!tokens.TryAdd(name, token))
            {
                error = $"{path}:{line}: token name '{name}' appears twice";
                return null;
            }
        }

        if (tokens.Count == 0)
        {
            error = $"token file {path} holds no token";
            return null;
        }

        return tokens;
    }
}
