using System.Security.Cryptography;

namespace SipGuard.Evidence;

/// <summary>The hash chain's rules: each line carries its own <c>seq</c> and the SHA-256 of the line before it.</summary>
internal static class EvidenceChain
{
    /// <summary>The <c>prev</c> of the very first record.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The hash the next record's <c>prev</c> must equal: SHA-256 of the line's bytes without its newline, lower-case hex.</summary>
    public static string Hash(ReadOnlySpan<byte> line) => Convert.ToHexStringLower(SHA256.HashData(line));
}
