using Reactivation.Core.Journeys;

namespace Reactivation.Core.Policy;

/// <summary>The current consent for one user, channel and purpose, with where it came from.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Purpose">Marketing or service.</param>
/// <param name="State">Opted in or out.</param>
/// <param name="Source">Who or what recorded it (<c>smsKeyword</c>, <c>api</c>, ...).</param>
/// <param name="Evidence">What proves it (the keyword texted, the consent-text version, ...).</param>
/// <param name="At">When.</param>
public sealed record ConsentFlag(Channel Channel, TemplatePurpose Purpose, ConsentState State, string Source, string? Evidence, DateTimeOffset At);
