namespace Reactivation.Core.Links;

/// <summary>What a verified link token says.</summary>
/// <param name="Purpose">What the link is for.</param>
/// <param name="Subject">The send key the link was minted for (which names the journey instance, user, step and visit), never contact data.</param>
/// <param name="Destination">For a tracking link, where it leads; empty otherwise.</param>
/// <param name="ExpiresAt">When the link stops working (whole seconds).</param>
/// <param name="KeyId">The key it was signed with.</param>
public sealed record LinkClaims(LinkPurpose Purpose, string Subject, string Destination, DateTimeOffset ExpiresAt, string KeyId);
