namespace SipGuard.Integration.Tests;

/// <summary>
/// Tests that bind fixed loopback ports (the SIPp suite uses 5062, 5082 and 5083) share this
/// collection, so xUnit never runs two of them at once.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SocketTestsCollection
{
    public const string Name = "fixed-port sockets";
}
