namespace Reactivation.Infra.Storage;

/// <summary>The queues the app uses (before the environment prefix).</summary>
public static class QueueNames
{
    /// <summary>One message per shard of a sweep.</summary>
    public const string SweepShards = "sweep-shards";

    /// <summary>Hand-offs from the sweep to the journey stage.</summary>
    public const string Enrollments = "enrollments";

    /// <summary>Clicks on tracked links, recorded here before the redirect and credited by the <c>ClickWork</c> function.</summary>
    public const string ClickWork = "click-work";

    /// <summary>The poison queue for <paramref name="queue"/>, as the Functions host names it.</summary>
    public static string PoisonOf(string queue) => $"{queue}-poison";
}
