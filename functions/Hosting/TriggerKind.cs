namespace Reactivation.Functions.Hosting;

/// <summary>How a function is triggered.</summary>
public enum TriggerKind
{
    /// <summary>An NCRONTAB schedule (six fields, UTC).</summary>
    Timer,

    /// <summary>A Storage queue.</summary>
    Queue,

    /// <summary>An HTTP route.</summary>
    Http,
}
