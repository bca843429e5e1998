namespace Reactivation.Core.Journeys;

/// <summary>Why a message a journey meant to send did not go out: the code reports group by and ledgers store.</summary>
/// <remarks>Stored and reported by name, so a member is never renamed; new ones are added at the end.</remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<NotSentReason>))]
public enum NotSentReason
{
    /// <summary>The instance is in the holdout or the journey's control share: nothing is ever sent.</summary>
    HeldOut,

    /// <summary>The user opted out of the channel during the journey.</summary>
    OptedOut,

    /// <summary>The user has no contact point for the channel (or the deployment does not send on it).</summary>
    NoContactPoint,

    /// <summary>A reminder step found no offer from the step it reminds of.</summary>
    NoOfferToRemind,

    /// <summary>The offer a reminder is about was already redeemed.</summary>
    OfferRedeemed,

    /// <summary>The offer could not be issued (budget or ceiling) and the step has no fallback template.</summary>
    OfferNotIssued,

    /// <summary>No provider is configured for the channel.</summary>
    NoProvider,

    /// <summary>The contact point is marked unusable (hard bounces, a refused number).</summary>
    ContactPointBlocked,

    /// <summary>The user has no marketing consent for the channel.</summary>
    Consent,

    /// <summary>The user complained: marketing is suppressed.</summary>
    Complaint,

    /// <summary>The user stopped answering: the fatigue rule ends the journey.</summary>
    Fatigue,

    /// <summary>A frequency cap holds the message until later.</summary>
    FrequencyCap,

    /// <summary>Quiet hours hold (or drop) the message.</summary>
    QuietHours,

    /// <summary>The provider refused the message for good.</summary>
    ProviderRefused,

    /// <summary>Every retry the step allows failed.</summary>
    RetriesExhausted,

    /// <summary>The channel does not carry this kind of message, or sending threw an error a retry would repeat.</summary>
    SendError,
}
