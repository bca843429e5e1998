using Reactivation.Core.Journeys;

namespace Reactivation.Functions.Pages;

/// <summary>One channel on the preference page.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="MaskedContact">The contact point, masked (the page may be seen over a shoulder or forwarded).</param>
/// <param name="Subscribed">Whether marketing may go there now.</param>
public sealed record PreferenceRow(Channel Channel, string MaskedContact, bool Subscribed);
