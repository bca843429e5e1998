namespace Reactivation.Core.Journeys.Events;

/// <summary>Why a wait step moved on.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<WaitEnd>))]
public enum WaitEnd
{
    /// <summary>Its timer fired.</summary>
    Elapsed,

    /// <summary>The step's window was already open: nothing to wait for.</summary>
    InsideWindow,

    /// <summary>A reminder's offer step issued no offer.</summary>
    NoOffer,

    /// <summary>A reminder's offer had expired already.</summary>
    OfferExpired,

    /// <summary>A reminder's offer expires so soon that its reminder time has come.</summary>
    InsideReminderTime,
}
