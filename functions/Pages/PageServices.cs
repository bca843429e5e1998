using Reactivation.Core.Policy;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Links;
using Reactivation.Infra.Policy;

namespace Reactivation.Functions.Pages;

/// <summary>What the public consent pages use, bound as one parameter.</summary>
/// <param name="Links">Verifies the page's link and mints the links it shows.</param>
/// <param name="Users">The user's profile: channels, contact points, locale.</param>
/// <param name="Flags">The current consent.</param>
/// <param name="Consent">Records changes and tells the journey.</param>
/// <param name="Policy">The consent default (<see cref="ContactPolicyOptions.MarketingNeedsOptIn"/>).</param>
/// <param name="Clock">The time.</param>
public sealed record PageServices(LinkMinter Links, UserDirectory Users, ConsentFlags Flags, LinkConsent Consent, ContactPolicyOptions Policy, TimeProvider Clock);
