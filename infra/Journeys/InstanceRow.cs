using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Core.Messaging;

namespace Reactivation.Infra.Journeys;

/// <summary>
/// The rows of an instance's partition (PartitionKey = instance id): one history row per decision and one row per send.
/// The instance itself (state, events, timers) is Durable's.
/// </summary>
public static class InstanceRow
{
    /// <summary>The row holding the state after the latest recorded decision, for the paths that need a journey's state by its id (measurement, clicks).</summary>
    public const string StateKey = "_state";

    /// <summary>History rows: <c>history~{sequence:D8}</c>.</summary>
    public const string HistoryPrefix = "history~";

    /// <summary>Send rows: <c>send~{sendKey}</c>.</summary>
    public const string SendPrefix = "send~";

    /// <summary>The state row for <paramref name="state"/>; the columns besides <c>State</c> are for reading it by eye.</summary>
    public static TableEntity StateEntity(JourneyState state) => new(state.InstanceId, StateKey)
    {
        ["JourneyId"] = state.JourneyId,
        ["Version"] = state.Version,
        ["UserId"] = state.UserId,
        ["Status"] = state.Status.ToString(),
        ["Step"] = state.Step,
        ["Sequence"] = state.Sequence,
        ["State"] = JsonSerializer.Serialize(state, JourneyStateJson.Options),
    };

    /// <summary>The state a state row holds.</summary>
    public static JourneyState StateFrom(TableEntity entity) =>
        JsonSerializer.Deserialize<JourneyState>(entity.GetString("State"), JourneyStateJson.Options)
        ?? throw new InvalidOperationException($"instance {entity.PartitionKey} has an empty state row");

    /// <summary>The history row a transition adds.</summary>
    public static TableEntity HistoryEntity(string instanceId, int sequence, IReadOnlyList<HistoryEntry> entries) =>
        new(instanceId, $"{HistoryPrefix}{sequence:D8}") { ["Entries"] = JsonSerializer.Serialize(entries, JourneyStateJson.Options) };

    /// <summary>The entries a history row holds.</summary>
    public static IReadOnlyList<HistoryEntry> HistoryFrom(TableEntity entity) =>
        JsonSerializer.Deserialize<List<HistoryEntry>>(entity.GetString("Entries"), JourneyStateJson.Options) ?? [];

    /// <summary>The send record written, insert-only, by the commit that decides a send.</summary>
    public static TableEntity SendIntent(string instanceId, SendCommand send, DateTimeOffset now) => new(instanceId, SendPrefix + send.SendKey)
    {
        ["StepId"] = send.StepId,
        ["Channel"] = send.Channel.ToString(),
        ["Template"] = send.Template,
        ["Offer"] = send.Offer,
        ["Variant"] = send.Variant,
        ["Status"] = "Pending",
        ["Attempts"] = send.Attempt,
        ["FirstSentAt"] = now,
    };

    /// <summary>A merge that records another attempt of a send already recorded.</summary>
    public static TableEntity SendAttempt(string instanceId, SendCommand send) =>
        new(instanceId, SendPrefix + send.SendKey) { ["Attempts"] = send.Attempt, ["Status"] = "Pending" };

    /// <summary>A merge that records a send's result.</summary>
    public static TableEntity SendOutcome(string instanceId, string sendKey, SendResult result, DateTimeOffset now) => new(instanceId, SendPrefix + sendKey)
    {
        ["Status"] = result.Status.ToString(),
        ["Detail"] = result.Detail,
        ["ProviderId"] = result.ProviderId,
        ["AnsweredAt"] = now,
    };

    /// <summary>A merge that records what the provider reported about a send's delivery.</summary>
    /// <remarks>Storage contract: <c>DeliveryStatus</c> is the provider's word, <c>DeliveredAt</c> when it was reached (whatever the status).</remarks>
    public static TableEntity SendDelivery(string instanceId, string sendKey, DeliveryReport report) => new(instanceId, SendPrefix + sendKey)
    {
        ["DeliveryStatus"] = report.Status,
        ["DeliveryDetail"] = report.Detail ?? "",
        ["DeliveredAt"] = report.At,
    };
}
