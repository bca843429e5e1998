using System.Collections.Immutable;

namespace Reactivation.Core.Journeys;

/// <summary>Everything an instance is: stored as its instance row and changed only by <see cref="JourneyDecider"/>.</summary>
public sealed record JourneyState
{
    /// <summary>The deterministic id: <c>{journey}~{user}~{run}</c>.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The journey.</summary>
    public required string JourneyId { get; init; }

    /// <summary>The definition version the instance runs, for its whole life.</summary>
    public required int Version { get; init; }

    /// <summary>The user.</summary>
    public required string UserId { get; init; }

    /// <summary>The user's journey run number (1 for their first journey).</summary>
    public int Run { get; init; } = 1;

    /// <summary>Whether the instance is in the holdout: it follows the journey's clock but sends nothing.</summary>
    public bool HeldOut { get; init; }

    /// <summary>
    /// Whether the instance is in the journey's own control share rather than the global holdout. Control instances are
    /// also <see cref="HeldOut"/> (nothing is sent); the flag only tells the two baselines apart in reports.
    /// </summary>
    public bool Control { get; init; }

    /// <summary>What the journey knew about the user when it started.</summary>
    public JourneyContext Context { get; init; } = new();

    /// <summary>The runtime status.</summary>
    public InstanceStatus Status { get; init; } = InstanceStatus.Pending;

    /// <summary>How it ended, once it has.</summary>
    public JourneyOutcome? Outcome { get; init; }

    /// <summary>Why it ended (or a suspension's reason).</summary>
    public string? Reason { get; init; }

    /// <summary>The current step.</summary>
    public string? Step { get; init; }

    /// <summary>Bumped by every committed change; messages scheduled for an older sequence are stale.</summary>
    public int Sequence { get; init; }

    /// <summary>When the instance was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When the current step was entered, on the journey's clock.</summary>
    public DateTimeOffset? StepEnteredAt { get; init; }

    /// <summary>What the instance is blocked on.</summary>
    public WaitingFor Waiting { get; init; }

    /// <summary>When the current wait ends (timer, timeout, retry or send reconciliation).</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>The key of the send in flight or awaiting retry.</summary>
    public string? PendingSendKey { get; init; }

    /// <summary>The attempt number of the pending send.</summary>
    public int Attempt { get; init; }

    /// <summary>When the pending send's first attempt started (for the retry timeout).</summary>
    public DateTimeOffset? FirstAttemptAt { get; init; }

    /// <summary>How many times each step has been entered; a send key includes the visit, so a loop sends again but a retry does not.</summary>
    public ImmutableDictionary<string, int> Visits { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>Split id to the variant assigned.</summary>
    public ImmutableDictionary<string, string> Variants { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Ids of the events already taken.</summary>
    public ImmutableArray<string> ConsumedEvents { get; init; } = [];

    /// <summary>Send step id to the offer issued with it, for reminders before expiry.</summary>
    public ImmutableDictionary<string, IssuedOfferRef> Offers { get; init; } = ImmutableDictionary<string, IssuedOfferRef>.Empty;

    /// <summary>Channels the user opted out of during the journey.</summary>
    public ImmutableArray<Channel> OptedOut { get; init; } = [];

    /// <summary>Messages sent.</summary>
    public int Sends { get; init; }

    /// <summary>Messages a held-out instance would have sent.</summary>
    public int HeldOutSends { get; init; }

    /// <summary>Sends skipped (unreachable or opted out).</summary>
    public int Skips { get; init; }

    /// <summary>History rows written so far (the next row's number).</summary>
    public int HistoryCount { get; init; }

    /// <summary>True once the instance has ended.</summary>
    public bool IsTerminal => Status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Terminated;

    /// <summary>A new pending instance.</summary>
    public static JourneyState New(JourneyDefinition definition, string userId, int run, JourneyContext context, bool heldOut, DateTimeOffset now) => new()
    {
        InstanceId = IdFor(definition.Id, userId, run),
        JourneyId = definition.Id,
        Version = definition.Version,
        UserId = userId,
        Run = run,
        HeldOut = heldOut,
        Context = context,
        CreatedAt = now,
        UpdatedAt = now,
        DueAt = now,
    };

    /// <summary>The deterministic instance id. <c>~</c> cannot occur in journey or user ids, so the id is unambiguous.</summary>
    public static string IdFor(string journeyId, string userId, int run) => $"{journeyId}~{userId}~{run}";

    /// <summary>The send key for a visit of a send step.</summary>
    public static string SendKeyFor(string instanceId, string stepId, int visit) => $"{instanceId}~{stepId}~{visit}";
}
