using System.Text.Json;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Journeys;

/// <summary>Puts work on the <c>journey-work</c> queue: starts, events, and durable timers as messages with a visibility delay.</summary>
/// <remarks>
/// Queue visibility cannot exceed 7 days, so, like the Durable Task Azure Storage provider, a timer more than 6 days out
/// is delivered after 6 days and put back (see <see cref="JourneyEngine"/>) until it is due. Messages never expire.
/// </remarks>
public sealed class JourneyQueue(StorageAccount account, TimeProvider clock)
{
    /// <summary>The longest visibility delay used.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(6);

    /// <summary>Puts <paramref name="message"/>, invisible until its due time (at most <see cref="MaxDelay"/>).</summary>
    public async Task PutAsync(JourneyMessage message, CancellationToken cancellationToken)
    {
        var queue = await account.QueueAsync(QueueNames.JourneyWork, cancellationToken).ConfigureAwait(false);
        var delay = message.DueAt is { } due ? due - clock.GetUtcNow() : TimeSpan.Zero;
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;

        // Visibility is kept in whole seconds: a fraction would be dropped, the timer would come back early and be put back
        // again and again until due. Rounded up, it comes back once, at or just after its due time.
        delay = TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
        await queue.SendMessageAsync(
            JsonSerializer.Serialize(message, JourneyStateJson.Options),
            visibilityTimeout: delay,
            timeToLive: TimeSpan.FromSeconds(-1),
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a message's text.</summary>
    /// <exception cref="JsonException">Not a journey message.</exception>
    public static JourneyMessage Parse(string text) =>
        JsonSerializer.Deserialize<JourneyMessage>(text, JourneyStateJson.Options) ?? throw new JsonException("the journey message is empty");
}
