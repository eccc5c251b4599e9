namespace SipGuard.Policy.Configuration;

/// <summary>A number list loaded from a file (YAML <c>lists.&lt;id&gt;</c>).</summary>
/// <param name="Id">The key under <c>lists:</c>.</param>
/// <param name="File">One number or prefix a line, <c>#</c> comments; relative to <see cref="PolicyConfig.BaseDirectory"/>.</param>
/// <param name="Action">Reject the call, tag it, or only serve as an exemption list.</param>
/// <param name="RejectCode">SIP status for <see cref="ListAction.Reject"/> (608 by default, RFC 8688; 603 also usual).</param>
/// <param name="Tag">Label for <see cref="ListAction.Tag"/> (the warning text the callee sees).</param>
/// <param name="AppliesTo">Trunk kinds (<c>international</c>, …) or trunk ids the list is scoped to; empty = every trunk.</param>
public sealed record ListConfig(
    string Id,
    string File,
    ListAction Action,
    int RejectCode,
    string? Tag,
    IReadOnlyList<string> AppliesTo)
{
    /// <summary>The <see cref="MaxShrink"/> of a list that does not set <c>max_shrink</c>: half its entries.</summary>
    public const double DefaultMaxShrink = 0.5;

    /// <summary>
    /// Largest fraction of its entries a reload may drop at once (YAML <c>max_shrink</c>); a file
    /// that shrinks more is taken for a bad edit and the running list is kept. 1 = any shrink.
    /// </summary>
    public double MaxShrink { get; init; } = DefaultMaxShrink;

    /// <summary>Whether a reload may empty a list that has entries (YAML <c>allow_empty</c>); false = an empty file is a bad edit.</summary>
    public bool AllowEmpty { get; init; }
}
