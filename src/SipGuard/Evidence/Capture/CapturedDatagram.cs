using System.Net;

namespace SipGuard.Evidence.Capture;

/// <summary>One UDP payload from a capture, with the addresses from its IP and UDP headers.</summary>
internal sealed record CapturedDatagram(IPEndPoint Source, IPEndPoint Destination, byte[] Payload);
