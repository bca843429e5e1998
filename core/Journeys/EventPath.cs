namespace Reactivation.Core.Journeys;

/// <summary>Where a <c>waitFor</c> step goes when one event arrives.</summary>
/// <param name="Event">The event name, for example <c>click</c> or <c>return</c>.</param>
/// <param name="Next">The step to go to.</param>
public sealed record EventPath(string Event, string Next);
