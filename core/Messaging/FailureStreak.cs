using System.Collections.Immutable;

namespace Reactivation.Core.Messaging;

/// <summary>
/// The run of failed deliveries to one address since the last one delivered. Reports arrive at least once and in any
/// order, so the run is kept by the time each status was reached: a failure is counted once per message, and only if
/// it came after the latest delivery; a delivery drops the failures before it. Immutable and pure.
/// </summary>
/// <param name="Address">The address the run is about; a different address starts a new run.</param>
/// <param name="Failures">The failed messages of the run (id and time), oldest first.</param>
/// <param name="DeliveredAt">When the latest delivery to the address happened, if any was reported.</param>
public sealed record FailureStreak(string Address, ImmutableArray<FailedDelivery> Failures, DateTimeOffset? DeliveredAt)
{
    /// <summary>Failures in a row that make an address unusable.</summary>
    public const int BlockAfter = 3;

    // More are never needed: the address is blocked at BlockAfter, and later sends to it are skipped.
    private const int MaxKept = 10;

    /// <summary>A run with nothing in it yet.</summary>
    public static FailureStreak Empty(string address) => new(address, [], null);

    /// <summary>How many failures in a row.</summary>
    public int Count => Failures.Length;

    /// <summary>True when the run is long enough to block the address.</summary>
    public bool Blocks => Count >= BlockAfter;

    /// <summary>The run after a failure of <paramref name="messageId"/> at <paramref name="at"/>.</summary>
    public FailureStreak WithFailure(string messageId, DateTimeOffset at)
    {
        if ((DeliveredAt is { } delivered && at <= delivered) || Failures.Any(f => f.MessageId == messageId))
        {
            return this;
        }

        var failures = Failures.Add(new FailedDelivery(messageId, at)).Sort((a, b) => a.At.CompareTo(b.At));
        return this with { Failures = failures.Length > MaxKept ? failures[^MaxKept..] : failures };
    }

    /// <summary>The run after a delivery at <paramref name="at"/>: the failures before it no longer count.</summary>
    public FailureStreak WithDelivery(DateTimeOffset at) =>
        DeliveredAt is { } delivered && at <= delivered
            ? this
            : this with { Failures = Failures.RemoveAll(f => f.At < at), DeliveredAt = at };
}
