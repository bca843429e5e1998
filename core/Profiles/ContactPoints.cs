namespace Reactivation.Core.Profiles;

/// <summary>How and where a user can be reached.</summary>
/// <param name="Phone">E.164 phone number, or null.</param>
/// <param name="Email">Email address, or null.</param>
/// <param name="TimeZone">IANA time zone id, for example <c>Asia/Shanghai</c>.</param>
/// <param name="Locale">BCP 47 locale, for example <c>zh-CN</c>.</param>
/// <param name="Region">ISO 3166 two-letter region, for example <c>CN</c>.</param>
public sealed record ContactPoints(string? Phone, string? Email, string? TimeZone, string? Locale, string? Region)
{
    /// <summary>No contact points known.</summary>
    public static ContactPoints None { get; } = new(null, null, null, null, null);
}
