namespace Reactivation.Core.Journeys;

/// <summary>Waits for the first of some events, raced against a timeout.</summary>
/// <remarks>
/// Events raised before the step began are buffered and taken first, as Durable Functions buffers external events. An
/// event received at or before the due instant beats the timeout even when the timer is processed first.
/// </remarks>
public sealed record WaitForStep : JourneyStep
{
    /// <summary>The events awaited and where each leads.</summary>
    public required IReadOnlyList<EventPath> Events { get; init; }

    /// <summary>How long to wait.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>The step after the timeout.</summary>
    public required string OnTimeout { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Property, string Target)> Exits()
    {
        for (var i = 0; i < Events.Count; i++)
        {
            yield return ($"events[{i}].next", Events[i].Next);
        }

        yield return ("onTimeout", OnTimeout);
    }
}
