using Reactivation.Core.Audit;
using Reactivation.Core.Journeys;
using Reactivation.Core.Journeys.Events;
using Xunit;

namespace Reactivation.Core.Tests.Audit;

public sealed class JourneyAuditTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static readonly JourneyState Before = new()
    {
        InstanceId = "probe~u1~1", JourneyId = "probe", Version = 1, UserId = "u1", CreatedAt = At, PendingSendKey = "probe~u1~1~sms~1",
    };

    [Fact]
    public void Sends_skips_deferrals_and_failures_are_audited_and_other_history_is_not()
    {
        var decision = Decision(7, "sent", "skipped", "heldOut", "suppressed", "deferred", "sendFailed", "waiting", "branched", "sending");

        var entries = JourneyAudit.Entries(Before, decision);

        Assert.Equal(
            [AuditKinds.Send, AuditKinds.Skip, AuditKinds.Skip, AuditKinds.Skip, AuditKinds.Defer, AuditKinds.SendFailed],
            entries.Select(e => e.Kind));
        Assert.All(entries, e => Assert.Equal(("journey:probe", "u1", "probe~u1~1"), (e.Actor, e.UserId, e.InstanceId)));
    }

    [Fact]
    public void A_send_is_deduplicated_by_its_send_key_and_anything_else_by_instance_sequence_and_position()
    {
        var entries = JourneyAudit.Entries(Before, Decision(7, "sent", "skipped"));

        Assert.Equal(("probe~u1~1~sms~1", "send~probe~u1~1~sms~1"), (entries[0].SendKey, entries[0].DedupeKey));
        Assert.Equal((null, "journey~probe~u1~1~00000007~001"), (entries[1].SendKey, entries[1].DedupeKey));
        Assert.Equal("probe/step: skipped: detail", entries[1].Detail);
    }

    private static JourneyDecision Decision(int sequence, params string[] kinds) =>
        new(Before with { Sequence = sequence }, [], [.. kinds.Select(Event)]);

    private static JourneyEvent Event(string kind) => kind switch
    {
        "sent" => new Sent(At, "step", "probe~u1~1~sms~1", null, null),
        "skipped" => new SendSkipped(At, "step", NotSentReason.Consent, "detail"),
        "heldOut" => new SendHeldOut(At, "step", "hello", Channel.Sms),
        "suppressed" => new SendSuppressed(At, "step", NotSentReason.Fatigue, "detail"),
        "deferred" => new SendDeferred(At, "step", NotSentReason.QuietHours, "detail", At.AddHours(8)),
        "sendFailed" => new SendFailed(At, "step", NotSentReason.ProviderRefused, "detail"),
        "waiting" => new WaitStarted(At, "step", At.AddDays(1), []),
        "branched" => new Branched(At, "step", null, "next"),
        "sending" => new SendDecided(At, "step", "probe~u1~1~sms~1", 1, "hello", Channel.Sms, At.AddMinutes(5)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
