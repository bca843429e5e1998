using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Logging;
using Xunit;

namespace Reactivation.Functions.Tests.Telemetry;

/// <summary>
/// Spans pass through the masking processor before any exporter: a phone number or an address written anywhere in a
/// span (its name, an attribute, its status) is masked in what the exporter receives, and a span with one in an event,
/// which cannot be rewritten, is not exported at all.
/// </summary>
public sealed class MaskingSpanProcessorTests
{
    [Fact]
    public void An_exporter_after_the_masking_processor_never_sees_a_raw_phone_number_or_address()
    {
        var exported = Export(span =>
        {
            span.DisplayName = "send to +8613800138000";
            span.SetTag("reactivation.to", "alice@example.com").SetTag("reactivation.attempt", 2).SetTag("reactivation.step", "sms");
            span.SetStatus(ActivityStatusCode.Error, "bounced: alice@example.com");
        });

        var masked = Assert.Single(exported);
        Assert.Equal("send to +86*******8000", masked.DisplayName);
        Assert.Equal("a***@example.com", masked.GetTagItem("reactivation.to"));
        Assert.Equal(2, masked.GetTagItem("reactivation.attempt"));
        Assert.Equal("sms", masked.GetTagItem("reactivation.step"));
        Assert.Equal("bounced: a***@example.com", masked.StatusDescription);
    }

    [Fact]
    public void A_span_with_contact_data_in_an_event_is_withheld_while_one_with_a_clean_event_is_exported()
    {
        var withheld = Export(span => span.AddEvent(new ActivityEvent("answer", tags: new ActivityTagsCollection { ["detail"] = "refused +447700900123" })));
        var clean = Export(span => span.AddEvent(new ActivityEvent("answer", tags: new ActivityTagsCollection { ["detail"] = "refused: blocked" })));

        Assert.Empty(withheld);
        Assert.Equal("refused: blocked", Assert.Single(Assert.Single(clean).Events).Tags.Single().Value);
    }

    [Fact]
    public void The_task_hubs_background_polls_are_dropped_while_calls_made_inside_work_are_kept()
    {
        var sampler = new BackgroundCallSampler();
        var recordedParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var droppedParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);

        SamplingDecision Decide(ActivityContext parent, string name) =>
            sampler.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), name, ActivityKind.Client)).Decision;

        Assert.Equal(SamplingDecision.Drop, Decide(default, "System.Net.Http.HttpRequestOut"));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(recordedParent, "System.Net.Http.HttpRequestOut"));
        Assert.Equal(SamplingDecision.Drop, Decide(droppedParent, "journey step"));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(default, "handoff publish"));
    }

    // One span through the masking processor and a real export processor, as the exporters are set up.
    private static List<Activity> Export(Action<Activity> write)
    {
        using var source = new ActivitySource("masking-test-" + Guid.NewGuid().ToString("N"));
        var exported = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddSource(source.Name).AddProcessor(new MaskingSpanProcessor()).AddProcessor(new SimpleActivityExportProcessor(new Capture(exported))).Build())
        using (var span = source.StartActivity("span"))
        {
            Assert.NotNull(span);
            write(span);
        }

        return exported;
    }

    private sealed class Capture(List<Activity> exported) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch)
            {
                exported.Add(span);
            }

            return ExportResult.Success;
        }
    }
}
