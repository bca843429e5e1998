namespace Reactivation.Core.Policy;

/// <summary>What a page records with a consent change as proof of who chose what, having been shown which text.</summary>
/// <param name="TextVersion">The version of the wording the user saw (<c>prefs-v1</c>, ...).</param>
/// <param name="Ip">The visitor's address (the ledger stores only a keyed hash).</param>
/// <param name="UserAgent">The visitor's browser, cut to <see cref="MaxUserAgentLength"/>.</param>
public sealed record ConsentEvidence(string TextVersion, string? Ip, string? UserAgent)
{
    /// <summary>The longest user agent kept, as for the consent API.</summary>
    public const int MaxUserAgentLength = 512;

    /// <summary>Evidence with the user agent cut to length and empty values dropped.</summary>
    public static ConsentEvidence Of(string textVersion, string? ip, string? userAgent) => new(
        textVersion,
        string.IsNullOrWhiteSpace(ip) ? null : ip,
        string.IsNullOrEmpty(userAgent) ? null : userAgent.Length > MaxUserAgentLength ? userAgent[..MaxUserAgentLength] : userAgent);
}
