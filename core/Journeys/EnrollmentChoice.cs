namespace Reactivation.Core.Journeys;

/// <summary>What to do with a hand-off: start <see cref="Journey"/>, or nothing, for <see cref="Reason"/>.</summary>
/// <param name="Journey">The journey to start, or null to skip.</param>
/// <param name="Reason">Why, in words for the log and the enrollment record.</param>
public sealed record EnrollmentChoice(JourneyDefinition? Journey, string Reason);
