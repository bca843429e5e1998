namespace Reactivation.Core.Links;

/// <summary>
/// The parts of a send key, <c>{journey}~{user}~{run}~{step}~{visit}</c>: link tokens carry only the send key, and
/// everything a click or an unsubscribe must be credited to is read back from it. Ids never contain <c>~</c>
/// (<see cref="Activity.Identifiers"/>), so the split is exact.
/// </summary>
/// <param name="JourneyId">The journey.</param>
/// <param name="UserId">The user.</param>
/// <param name="Run">The user's run of the journey.</param>
/// <param name="StepId">The send step.</param>
/// <param name="Visit">Which visit of the step.</param>
public sealed record SendKeyParts(string JourneyId, string UserId, string Run, string StepId, string Visit)
{
    /// <summary>The journey instance the send belongs to.</summary>
    public string InstanceId => $"{JourneyId}~{UserId}~{Run}";

    /// <summary>Splits <paramref name="sendKey"/>, or answers null when it is not a send key.</summary>
    public static SendKeyParts? TryParse(string? sendKey) =>
        (sendKey ?? "").Split('~') is [{ Length: > 0 } journey, { Length: > 0 } user, { Length: > 0 } run, { Length: > 0 } step, { Length: > 0 } visit]
            ? new SendKeyParts(journey, user, run, step, visit)
            : null;
}
