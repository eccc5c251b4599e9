namespace SipGuard.Configuration;

/// <summary>
/// An error a compiler behind <see cref="IConfigCompiler{TSnapshot}"/> found, known only by config path
/// (the same shape as the policy engine's <c>PolicyError</c>, so the adapter is a field-by-field copy).
/// </summary>
/// <param name="ConfigPath">YAML key path, e.g. <c>trunks.acme-line-1.allowed_callers[2]</c>.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="File">A list file the error is in (relative to the config folder or absolute), else null.</param>
/// <param name="Line">1-based line in <paramref name="File"/>, 0 when unknown.</param>
public sealed record CompileError(string ConfigPath, string Message, string? File = null, int Line = 0);
