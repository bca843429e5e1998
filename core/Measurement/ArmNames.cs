using Reactivation.Core.Journeys;

namespace Reactivation.Core.Measurement;

/// <summary>The arm an instance is measured in.</summary>
public static class ArmNames
{
    /// <summary>The global holdout.</summary>
    public const string Holdout = "holdout";

    /// <summary>The journey's own control share.</summary>
    public const string Control = "control";

    /// <summary>Treated, in a journey without a split.</summary>
    public const string Treated = "treated";

    /// <summary>The untreated baseline in reports: holdout and control together (both are drawn at random, both get nothing).</summary>
    public const string Untreated = "untreated";

    /// <summary>Every treated arm together.</summary>
    public const string AllTreated = "all treated";

    /// <summary>
    /// The arm of <paramref name="state"/>: holdout, control, or the variants of every split in the journey
    /// (<c>split=variant</c>, joined by <c>+</c> when a journey splits more than once), else treated.
    /// </summary>
    /// <remarks>
    /// Variants are assigned by a hash of user, journey and split, so the arm is known from enrollment on, whether or not
    /// the instance ever reaches the split: users are compared as assigned (intention to treat), which keeps the arms
    /// comparable when some users return, opt out or fail before the split.
    /// </remarks>
    public static string Of(JourneyDefinition definition, JourneyState state) =>
        state.HeldOut ? (state.Control ? Control : Holdout)
        : definition.Steps.OfType<SplitStep>().ToList() is { Count: > 0 } splits
            ? string.Join('+', splits.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => $"{s.Id}={s.Assign(state.UserId, definition.Id).Name}"))
            : Treated;

    /// <summary>True for the arms nothing is sent to.</summary>
    public static bool IsUntreated(string arm) => arm is Holdout or Control or Untreated;
}
