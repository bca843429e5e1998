using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Reactivation.Infra.Telemetry;

/// <summary>
/// The app's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>: the spans that
/// carry a hand-off's trace through enrollment and the journey's step activities, and the counters of sweeps, sends,
/// skips and returns. Nothing is recorded unless an exporter listens (see the README's "Traces and metrics").
/// </summary>
/// <remarks>
/// Attributes carry ids (user, instance, journey, step), codes and channels, never an address or a number; the hosts
/// also mask every attribute on the way out, so a value that holds contact data by accident is masked all the same.
/// </remarks>
public static class ReactivationTelemetry
{
    /// <summary>The source's and the meter's name, which the exporters subscribe to.</summary>
    public const string Name = "Reactivation";

    /// <summary>The spans.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The counters' meter.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Users a sweep classified (each committed page adds its users).</summary>
    public static readonly Counter<long> SweptUsers = Meter.CreateCounter<long>("reactivation.sweep.users", "{user}", "Users a sweep classified");

    /// <summary>Sweep shards finished.</summary>
    public static readonly Counter<long> SweptShards = Meter.CreateCounter<long>("reactivation.sweep.shards", "{shard}", "Sweep shards finished");

    /// <summary>Hand-offs a sweep published, by reason.</summary>
    public static readonly Counter<long> Handoffs = Meter.CreateCounter<long>("reactivation.handoffs", "{handoff}", "Users handed off to enrollment");

    /// <summary>Send attempts by channel and outcome (sent, skipped, transient, permanent).</summary>
    public static readonly Counter<long> Sends = Meter.CreateCounter<long>("reactivation.sends", "{message}", "Send attempts by channel and outcome");

    /// <summary>Messages a journey meant to send and did not (yet), by what happened and why.</summary>
    public static readonly Counter<long> Skips = Meter.CreateCounter<long>("reactivation.skips", "{message}", "Messages not sent, by reason");

    /// <summary>Users who came back during or after a journey, by journey.</summary>
    public static readonly Counter<long> Returns = Meter.CreateCounter<long>("reactivation.returns", "{user}", "Users who returned after a journey touched them");

    /// <summary>
    /// Starts a span in the trace that <paramref name="traceParent"/> (a W3C <c>traceparent</c>) names, linked to the span
    /// the host is running (a function invocation), or a new trace when there is none to continue.
    /// </summary>
    /// <param name="name">The span's name.</param>
    /// <param name="kind">Its kind.</param>
    /// <param name="traceParent">Where the work came from: carried in a queue message or an orchestration's input.</param>
    public static Activity? StartContinuing(string name, ActivityKind kind, string? traceParent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var ambient = Activity.Current;
        if (!ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent))
        {
            return Source.StartActivity(name, kind);
        }

        // The work's own trace is the parent; the host's invocation span stays reachable through the link.
        ActivityLink[]? links = ambient is null ? null : [new ActivityLink(ambient.Context)];
        return Source.StartActivity(name, kind, parent, links: links);
    }

    /// <summary>
    /// Starts a span that begins its own trace, linked to the span running now: a sweep's hand-offs each start one, so a
    /// million-user sweep is a million small traces, not one that no viewer can open.
    /// </summary>
    /// <param name="name">The span's name.</param>
    /// <param name="kind">Its kind.</param>
    public static Activity? StartRoot(string name, ActivityKind kind)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var ambient = Activity.Current;
        ActivityLink[]? links = ambient is null ? null : [new ActivityLink(ambient.Context)];
        Activity.Current = null;
        try
        {
            return Source.StartActivity(name, kind, parentContext: default, links: links);
        }
        finally
        {
            // A started span made itself current; without one the caller's stays current.
            if (Activity.Current is null)
            {
                Activity.Current = ambient;
            }
        }
    }
}
