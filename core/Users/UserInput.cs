namespace Reactivation.Core.Users;

/// <summary>A user created or updated by API or import; absent fields are left as they are.</summary>
/// <remarks>This is the <c>POST /api/users</c> and import contract; add optional fields, never rename.</remarks>
public sealed record UserInput
{
    /// <summary>The canonical user id.</summary>
    public string? UserId { get; init; }

    /// <summary>A phone number, E.164 or national (then <see cref="Region"/> says which country).</summary>
    public string? Phone { get; init; }

    /// <summary>An email address.</summary>
    public string? Email { get; init; }

    /// <summary>IANA time zone id.</summary>
    public string? TimeZone { get; init; }

    /// <summary>BCP 47 locale.</summary>
    public string? Locale { get; init; }

    /// <summary>ISO 3166 two-letter region.</summary>
    public string? Region { get; init; }

    /// <summary>When the user registered.</summary>
    public DateTimeOffset? RegisteredAt { get; init; }
}
