namespace SipGuard.Policy.Configuration;

/// <summary>The registration of a line the notice asks carriers to keep (customer, purpose, type, place, device).</summary>
public sealed record RegistrationRecord(
    string? Customer,
    string? Purpose,
    string? LineType,
    string? Location,
    string? PeerDevice);
