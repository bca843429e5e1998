using System.Text.Json;
using Reactivation.Core.Journeys;
using Reactivation.Core.Journeys.Events;
using Xunit;

namespace Reactivation.Core.Tests.Journeys;

public sealed class JourneyEventJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    // Stored histories and running orchestrations carry these bytes: the discriminators and field names must never change.
    [Fact]
    public void A_skip_is_stored_under_its_versioned_type_with_its_reason_code()
    {
        JourneyEvent skipped = new SendSkipped(At, "sms1", NotSentReason.QuietHours, "quietHours: dropped");

        Assert.Equal(
            """{"type":"skipped/1","stepId":"sms1","reason":"QuietHours","detail":"quietHours: dropped","at":"2026-12-03T09:00:00+00:00"}""",
            JsonSerializer.Serialize(skipped, Web));
    }

    [Fact]
    public void Every_event_type_reads_back_as_the_event_it_was()
    {
        JourneyEvent[] events =
        [
            new Enrolled(At, "winback@2", "hand-off h1", HeldOut: false, Control: true),
            new Started(At, HeldOut: true),
            new StepEntered(At, "sms1", 2),
            new SendHeldOut(At, "sms1", "hello", Channel.Sms),
            new SendSkipped(At, "sms1", NotSentReason.OptedOut, "opted out of sms"),
            new SendDecided(At, "sms1", "w~u~1~sms1~2", 1, "hello", Channel.Email, At.AddMinutes(5), "retrying"),
            new Sent(At, "sms1", "w~u~1~sms1~2", "p-9", new IssuedOfferRef("o1", "CODE", At.AddDays(7))),
            new SendDeferred(At, "sms1", NotSentReason.FrequencyCap, "frequencyCap: later", At.AddHours(3)),
            new SendSuppressed(At, "sms1", NotSentReason.Fatigue, "fatigue"),
            new RetryScheduled(At, "sms1", 2, "503", At.AddMinutes(4)),
            new SendFailed(At, "sms1", NotSentReason.RetriesExhausted, "gave up"),
            new WaitStarted(At, "wait1", At.AddDays(2), ["click", "return"], "sms1", At.AddDays(7)),
            new Waited(At, "wait1", WaitEnd.OfferExpired, "sms1", At),
            new TimedOut(At, "wait1", ["click"], TimeSpan.FromDays(3)),
            new EventReceived(At, "wait1", "e-1", JourneyEventNames.OptOut, Channel.Sms, Awaited: false),
            new EventIgnored(At, "wait1", "e-0", JourneyEventNames.Return),
            new Branched(At, "b1", 1, "sms2"),
            new VariantAssigned(At, "split", "B", "sms3"),
            new Exited(At, "wait1", JourneyOutcome.Reactivated, "the user returned", At.AddSeconds(1)),
        ];

        foreach (var e in events)
        {
            var json = JsonSerializer.Serialize(e, Web);
            var back = JsonSerializer.Deserialize<JourneyEvent>(json, Web)!;
            Assert.Equal(json, JsonSerializer.Serialize(back, Web));
            Assert.Equal(e.GetType(), back.GetType());
        }
    }
}
