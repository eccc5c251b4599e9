namespace SipGuard.Tests.TestSupport;

/// <summary>Finds files of the repository (the shipped default config) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SipGuard.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("SipGuard.sln not found above the test folder");
        }
    }

    public static string DefaultConfig => Path.Combine(Root, "config", "sipguard.yaml");
}
