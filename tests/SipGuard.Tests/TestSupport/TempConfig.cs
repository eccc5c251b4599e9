namespace SipGuard.Tests.TestSupport;

/// <summary>A throw-away folder holding a config file and its list files.</summary>
internal sealed class TempConfig : IDisposable
{
    /// <summary>A small valid config; tests replace parts of it to provoke one error at a known place.</summary>
    public const string Valid = """
        listen: [ "udp://127.0.0.1:5060" ]
        upstreams:
          callcenter: { targets: [ "sip:127.0.0.1:5080" ] }
        trunks:
          acme-line-1:
            kind: private-line
            sources: [ "127.0.0.2/32" ]
            upstream: callcenter
            allowed_callers: [ "+861066022236" ]
        lists:
          fakes: { file: lists/fakes.txt, action: reject }
        """;

    public TempConfig(string yaml = Valid)
    {
        Directory = Path.Combine(Path.GetTempPath(), "sipguard-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "lists"));
        WriteList("lists/fakes.txt", "+12025550143\n");
        Write(yaml);
    }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "sipguard.yaml");

    public void Write(string yaml) => File.WriteAllText(ConfigPath, yaml.ReplaceLineEndings("\n"));

    public void WriteList(string relative, string content) => File.WriteAllText(Path.Combine(Directory, relative), content);

    public void DeleteList(string relative) => File.Delete(Path.Combine(Directory, relative));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the folder for a moment; the temp folder is cleaned by the OS eventually.
        }
    }
}
