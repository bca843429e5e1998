namespace Reactivation.Core.Policy;

/// <summary>A validated consent change: one append-only row of the consent ledger.</summary>
/// <param name="ChangeId">Deduplicates repeats.</param>
/// <param name="UserId">The user.</param>
/// <param name="Flag">The channel, purpose, state, source, evidence text and time.</param>
/// <param name="TextVersion">The consent text's version, if given.</param>
/// <param name="Ip">The raw IP, hashed before it is stored.</param>
/// <param name="UserAgent">The user agent, if given.</param>
/// <param name="Keyword">The SMS keyword, if any.</param>
public sealed record ConsentChange(string ChangeId, string UserId, ConsentFlag Flag, string? TextVersion, string? Ip, string? UserAgent, string? Keyword);
