namespace Reactivation.Infra.Messaging;

/// <summary>
/// The clock for dates that go on the wire for another system to check against its own clock: request signatures
/// (<c>x-ms-date</c>) and signed webhook timestamps. It is the real clock in every mode; the app's
/// <see cref="TimeProvider"/> may be a simulation (the demo's time-lapse) or a test's fake, which move journey time but
/// must never move a date a provider verifies, or every request would be refused as skewed.
/// </summary>
public static class WireClock
{
    /// <summary>Now, by the machine's real clock.</summary>
    public static DateTimeOffset UtcNow => TimeProvider.System.GetUtcNow();
}
