namespace Reactivation.Infra.Orchestration;

/// <summary>
/// The orchestrator's code revisions. A running instance replays the path of the revision in its input; a new instance,
/// and each new generation after <c>ContinueAsNew</c> (whose history starts empty), takes <see cref="Current"/>.
/// </summary>
/// <remarks>Never change what an existing revision does: instances running it would fail to replay (README, "Shipping an orchestrator change").</remarks>
public static class JourneyRevisions
{
    /// <summary>The first release: the step activity is scheduled in the episode that made the decision.</summary>
    public const int First = 0;

    /// <summary>
    /// A durable timer due at once stands between each decision and its step activity, so the activity only ever runs
    /// for a decision the task hub has committed.
    /// </summary>
    public const int CommitBeforeEffects = 1;

    /// <summary>The revision new instances and new generations run.</summary>
    public const int Current = CommitBeforeEffects;
}
