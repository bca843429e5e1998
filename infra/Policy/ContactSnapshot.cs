using Reactivation.Core.Policy;
using Reactivation.Core.Profiles;

namespace Reactivation.Infra.Policy;

/// <summary>Everything a send needs about one user, read from their contact-state partition in one query.</summary>
/// <param name="Consent">The current consent flags.</param>
/// <param name="Ledger">The contact ledger (touches, last answer) with the ETag a touch is written against.</param>
/// <param name="Blocks">The unusable contact points.</param>
/// <param name="Profile">
/// The profile as far as the mirror holds it (contact points, complaint, and lower bounds of the last login and purchase),
/// or null when no mirror row exists (a profile not yet mirrored: the caller reads the profile itself).
/// </param>
public sealed record ContactSnapshot(IReadOnlyList<ConsentFlag> Consent, LedgerState Ledger, IReadOnlyList<ContactBlock> Blocks, UserProfile? Profile);
