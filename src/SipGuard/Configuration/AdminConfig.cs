namespace SipGuard.Configuration;

/// <summary>
/// The admin HTTP endpoint (YAML <c>admin</c>: <c>"http://127.0.0.1:9090"</c>, <c>off</c>, or
/// <c>{ address, token_file, runtime_lists }</c>).
/// </summary>
/// <param name="Listen">The address to serve health, metrics, the list API and the console on; null when switched off.</param>
/// <param name="Tokens">Bearer tokens that may change lists, by token name (from <c>token_file</c>); empty: no change is allowed.</param>
/// <param name="RuntimeListsDirectory">Where runtime list entries are kept (<c>runtime_lists</c>); null: next to each list file.</param>
public sealed record AdminConfig(Uri? Listen, IReadOnlyDictionary<string, string> Tokens, string? RuntimeListsDirectory)
{
    public static readonly Uri DefaultListen = new("http://127.0.0.1:9090/");

    public AdminConfig(Uri? listen)
        : this(listen, new Dictionary<string, string>(), null)
    {
    }

    public static AdminConfig Default { get; } = new(DefaultListen);
}
