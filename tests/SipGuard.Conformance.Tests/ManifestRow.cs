namespace SipGuard.Conformance.Tests;

public sealed record ManifestRow(string File, string Section, string Class, string Summary, string Expect)
{
    public override string ToString() => File;
}
