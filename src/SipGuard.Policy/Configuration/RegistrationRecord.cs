namespace SipGuard.Policy.Configuration;

/// <summary>The registration of a line the notice asks carriers to keep (customer, purpose, type, place, device).</summary>
/// <param name="Customer">Who leases the line.</param>
/// <param name="Purpose">What the line is used for.</param>
/// <param name="LineType">The kind of line (SIP trunk, E1…).</param>
/// <param name="Location">Where the line is installed.</param>
/// <param name="PeerDevice">The customer's equipment on the line.</param>
public sealed record RegistrationRecord(
    string? Customer,
    string? Purpose,
    string? LineType,
    string? Location,
    string? PeerDevice);
