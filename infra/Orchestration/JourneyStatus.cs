using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Orchestration;

/// <summary>The custom status a journey orchestration publishes after each decision: where it is, for the status API.</summary>
public sealed record JourneyStatus(
    string? Step, WaitingFor Waiting, DateTimeOffset? DueAt, IReadOnlyDictionary<string, string> Variants, int Sends, int HeldOutSends, int Skips,
    IReadOnlyList<Channel> OptedOut, int Sequence)
{
    /// <summary>The status of <paramref name="state"/>.</summary>
    public static JourneyStatus Of(JourneyState state) =>
        new(state.Step, state.Waiting, state.DueAt, state.Variants, state.Sends, state.HeldOutSends, state.Skips, state.OptedOut, state.Sequence);
}
