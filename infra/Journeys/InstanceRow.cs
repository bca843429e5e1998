using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Core.Messaging;

namespace Reactivation.Infra.Journeys;

/// <summary>
/// The rows of an instance's partition (PartitionKey = instance id): the instance row, event rows, one history row per
/// transition and one row per send. Row keys sort the instance and events first, so one range query loads what a step needs.
/// </summary>
public static class InstanceRow
{
    /// <summary>The instance row's key; <c>_</c> sorts before the other prefixes.</summary>
    public const string InstanceKey = "_instance";

    /// <summary>Event rows: <c>event~{eventId}</c>.</summary>
    public const string EventPrefix = "event~";

    /// <summary>History rows: <c>history~{sequence:D8}</c>.</summary>
    public const string HistoryPrefix = "history~";

    /// <summary>Send rows: <c>send~{sendKey}</c>.</summary>
    public const string SendPrefix = "send~";

    /// <summary>The upper bound (exclusive) of the keys a step loads: the instance row and the events.</summary>
    public const string LoadUpperBound = "event~\u007f";

    /// <summary>The instance row for <paramref name="state"/>; the columns besides <c>State</c> exist for queries.</summary>
    public static TableEntity ToEntity(JourneyState state, ETag etag = default) => new(state.InstanceId, InstanceKey)
    {
        ETag = etag,
        ["JourneyId"] = state.JourneyId,
        ["Version"] = state.Version,
        ["UserId"] = state.UserId,
        ["Status"] = state.Status.ToString(),
        ["Outcome"] = state.Outcome?.ToString(),
        ["Step"] = state.Step,
        ["Sequence"] = state.Sequence,
        ["DueAt"] = state.DueAt,
        ["HeldOut"] = state.HeldOut,
        ["CreatedAt"] = state.CreatedAt,
        ["UpdatedAt"] = state.UpdatedAt,
        ["State"] = JsonSerializer.Serialize(state, JourneyStateJson.Options),
    };

    /// <summary>The state stored in an instance row.</summary>
    public static JourneyState FromEntity(TableEntity entity) =>
        JsonSerializer.Deserialize<JourneyState>(entity.GetString("State"), JourneyStateJson.Options)
        ?? throw new InvalidOperationException($"instance {entity.PartitionKey} has an empty state");

    /// <summary>An event row.</summary>
    public static TableEntity EventEntity(string instanceId, InboundEvent received) => new(instanceId, EventPrefix + received.Id)
    {
        ["Name"] = received.Name,
        ["ReceivedAt"] = received.ReceivedAt,
        ["Channel"] = received.Channel?.ToString(),
    };

    /// <summary>The event an event row holds.</summary>
    public static InboundEvent EventFrom(TableEntity entity) => new(
        entity.RowKey[EventPrefix.Length..],
        entity.GetString("Name"),
        entity.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue,
        entity.GetString("Channel") is { } channel ? Enum.Parse<Channel>(channel) : null);

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
