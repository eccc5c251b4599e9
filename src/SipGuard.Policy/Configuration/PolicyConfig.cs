namespace SipGuard.Policy.Configuration;

/// <summary>
/// Everything the caller-authentication engine needs, as the operator wrote it: one immutable record per
/// YAML section. Nothing here is validated yet; <see cref="PolicyCompiler"/> turns it into a
/// <see cref="PolicySnapshot"/> or a list of every error with its config path.
/// </summary>
/// <param name="Numbering">YAML <c>numbering</c>: the plan caller numbers are normalised and validated in.</param>
/// <param name="Trunks">YAML <c>trunks</c>: the lines calls come in on.</param>
/// <param name="SpecialUsers">YAML <c>special_users</c>: numbers that may withhold their identity.</param>
/// <param name="Lists">YAML <c>lists</c>: black, grey and exemption lists loaded from files.</param>
/// <param name="BaseDirectory">Directory that relative list file paths are resolved against (the config file's folder).</param>
public sealed record PolicyConfig(
    NumberingConfig Numbering,
    IReadOnlyList<TrunkConfig> Trunks,
    IReadOnlyList<string> SpecialUsers,
    IReadOnlyList<ListConfig> Lists,
    string BaseDirectory);
