namespace SipGuard.Proxy.Tests.Core;

/// <summary>The proxy socket tests bind fixed loopback ports (15060, 15070, 15071, 15080): never two at once.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UdpSocketsCollection
{
    public const string Name = "proxy udp sockets";
}
