namespace Reactivation.Core.Journeys;

/// <summary>The kinds of answer a channel gives.</summary>
public enum SendStatus
{
    /// <summary>Sent (or already sent under the same key).</summary>
    Sent,

    /// <summary>Not sent, on purpose; the journey continues.</summary>
    Skipped,

    /// <summary>Failed; retry per the step's policy.</summary>
    TransientFailure,

    /// <summary>Failed for good; take the failure path.</summary>
    PermanentFailure,

    /// <summary>Not yet (quiet hours, a frequency cap): try again at <see cref="SendResult.NotBefore"/>; not a failed attempt.</summary>
    Deferred,

    /// <summary>Not sent, and the journey must end: the contact policy stopped it (fatigue, a complaint).</summary>
    Suppressed,
}
