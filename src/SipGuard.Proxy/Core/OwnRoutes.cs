using System.Runtime.CompilerServices;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Core;

/// <summary>Our own Route values at the top of a request (at most two: double record-routing), to be removed when it is forwarded.</summary>
[InlineArray(2)]
internal struct OwnRoutes
{
    private (int HeaderIndex, ByteRange Value) _element;
}
