namespace Reactivation.Core.Links;

/// <summary>
/// What a deployment knows about one link signing key: where it came from, when it signed, and whether it was retired.
/// Stored keys carry their bytes; keys held in configuration (<c>Links:Keys</c>) are recorded without them, only so their
/// signing period is known.
/// </summary>
/// <param name="Id">The key id every token it signed starts with.</param>
/// <param name="Key">The key bytes, or null when the key lives in configuration.</param>
/// <param name="Origin">How the key came to be, for people reading the list.</param>
/// <param name="CreatedAt">When the key was recorded.</param>
/// <param name="CurrentSince">When a host first signed with it, or null if it never signed.</param>
/// <param name="SupersededAt">When a host started signing with another key, or null while it still signs.</param>
/// <param name="RetiredAt">When an operator retired it: from then on nothing it signed verifies.</param>
public sealed record LinkKeyRecord(
    string Id, byte[]? Key, string Origin, DateTimeOffset CreatedAt, DateTimeOffset? CurrentSince, DateTimeOffset? SupersededAt, DateTimeOffset? RetiredAt)
{
    /// <summary>True while hosts sign new links with this key.</summary>
    public bool Signing => CurrentSince is not null && SupersededAt is null && RetiredAt is null;

    /// <summary>
    /// The last moment a link this key signed can still be opened, given the longest link lifetime; null when it never
    /// signed, <see cref="DateTimeOffset.MaxValue"/> while it still signs.
    /// </summary>
    public DateTimeOffset? LinksLiveUntil(TimeSpan longestLinkLifetime) =>
        CurrentSince is null ? null : SupersededAt is { } superseded ? superseded + longestLinkLifetime : DateTimeOffset.MaxValue;

    /// <summary>Why retiring this key at <paramref name="now"/> would break links people still hold, or null when it would not.</summary>
    public string? RetirementRisk(DateTimeOffset now, TimeSpan longestLinkLifetime) => LinksLiveUntil(longestLinkLifetime) switch
    {
        _ when RetiredAt is not null => null,
        { } until when until == DateTimeOffset.MaxValue => $"key '{Id}' still signs new links: make another key current first",
        { } until when until > now => $"links signed with key '{Id}' work until {until.UtcDateTime:yyyy-MM-dd HH:mm}Z; retiring it now breaks them (unsubscribe links included)",
        _ => null,
    };
}
