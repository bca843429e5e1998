namespace Reactivation.Core.Users;

/// <summary>A validated, normalised user update: phone in E.164, region upper-case.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Phone">E.164 phone, or null to leave unchanged.</param>
/// <param name="Email">Email, or null to leave unchanged.</param>
/// <param name="TimeZone">IANA time zone, or null to leave unchanged.</param>
/// <param name="Locale">Locale, or null to leave unchanged.</param>
/// <param name="Region">Region, or null to leave unchanged.</param>
/// <param name="RegisteredAt">Registration time, or null to leave unchanged.</param>
public sealed record UserUpdate(
    string UserId, string? Phone, string? Email, string? TimeZone, string? Locale, string? Region, DateTimeOffset? RegisteredAt);
