namespace SipGuard.Cluster;

/// <summary>A list change could not be written to Redis; the list API answers 503 and nothing changed.</summary>
internal sealed class ClusterUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
