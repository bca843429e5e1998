using Stopwatch = System.Diagnostics.Stopwatch;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Activity;
using Reactivation.Core.Users;
using Reactivation.Fakes.Messaging;
using Reactivation.Functions.Cli;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Xunit;

namespace Reactivation.Functions.Tests.Telemetry;

/// <summary>
/// The built app, run as its own process with <c>Telemetry:Exporter=console</c>, sweeps a silent user, enrolls them and
/// sends their SMS through the fake ACS: the spans it prints make one trace from the hand-off to the provider call, its
/// counters show the sweep and the send, and no phone number or address appears anywhere in what it printed.
/// </summary>
public sealed partial class JourneyTraceTests(AzuriteFixture azurite)
{
    private const string Phone = "+8613800138000";

    private const string Email = "trace.user@example.com";

    private const string JourneyJson = """
        {
          "id": "traced", "version": 1, "priority": 1000, "cooldownDays": 0,
          "entry": { "reasons": ["becameSilent", "movedDeeper", "earlyWarning"] },
          "start": "sms",
          "steps": [
            { "id": "sms", "kind": "send", "channel": "sms", "template": "return-gift-sms", "next": "done" },
            { "id": "done", "kind": "exit", "outcome": "lost" }
          ]
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_journey_prints_one_trace_from_its_hand_off_through_enrollment_and_its_steps_to_the_provider_call_with_contact_data_masked()
    {
        await using var acs = await FakeAcsServer.StartAsync(logRequests: false, Ct);
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Prefix"] = prefix,
            ["Storage:ShardCount"] = "1",
            ["DurableTask:HubName"] = prefix,
            ["DurableTask:PartitionCount"] = "1",
            ["DurableTask:MaxQueuePollingInterval"] = "00:00:01",
            ["Host:RunTriggers"] = "true",
            ["Admin:Key"] = RunningApp.AdminKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Journeys:HoldoutPercent"] = "0",
            ["Journeys:SimulatedClock"] = "false",
            ["Acs:ConnectionString"] = acs.ConnectionString,
            ["Acs:SmsFrom"] = "+18005550100",
            ["Acs:EmailSender"] = "DoNotReply@mail.example.com",
            ["Links:PublicBaseUrl"] = "https://go.test",
            ["Policy:Regions:CN:OptIn"] = "none",
            ["Policy:QuietFrom"] = "00:00",
            ["Policy:QuietUntil"] = "00:00",
            ["Sweep:Schedule"] = "*/5 * * * * *",
            ["Telemetry:Exporter"] = "console",
            ["Telemetry:MetricInterval"] = "00:00:02",
        };
        await using (var host = await CliServices.StartTaskHubAsync(Ct, settings))
        {
            var (published, problems) = await host.Services.GetRequiredService<JourneyLibrary>().PublishAsync(JourneyJson, Ct);
            Assert.True(published is not null, string.Join("; ", problems));
            await host.Services.GetRequiredService<UserDirectory>().UpsertAsync([new UserUpdate("traced-user", Phone, Email, "Asia/Shanghai", "zh-CN", "CN", null)], Ct);
            await host.Services.GetRequiredService<ActivityIngestor>().IngestAsync([new ActivityEvent("t1", "traced-user", ActivityType.Login, DateTimeOffset.UtcNow.AddDays(-40))], Ct);
        }

        await using var worker = new WorkerProcess(Loopback.FreePort(), settings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!));
        await worker.StartAsync(TimeSpan.FromSeconds(120), Ct);

        var waited = Stopwatch.StartNew();
        IReadOnlyList<ConsoleSpan> spans = [];
        ConsoleSpan? sentStep = null;
        var acsBase = acs.Endpoint["endpoint=".Length..].TrimEnd('/');
        bool ToAcs(ConsoleSpan span) => span.Kind == "Client" && span.Tags.GetValueOrDefault("url.full")?.StartsWith(acsBase, StringComparison.Ordinal) == true;
        // The sent step with its provider call, and the step after it (the exit, once the send's answer is in).
        while (sentStep is null || !spans.Any(s => s.ParentSpanId == sentStep.SpanId && ToAcs(s)) || !spans.Any(s => s.Name == "journey step" && s != sentStep && s.TraceId == sentStep.TraceId))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(3), $"no sent step with its provider call and the step after it was printed within 3 minutes; the worker printed:{Environment.NewLine}{worker.Tail(200)}");
            await Task.Delay(500, Ct);
            spans = ConsoleSpan.Parse(Output(worker));
            sentStep = spans.FirstOrDefault(s => s.Name == "journey step" && s.Tags.GetValueOrDefault("reactivation.send.outcome") == "Sent");
        }

        var trace = spans.Where(s => s.TraceId == sentStep.TraceId).ToList();
        var handoff = Assert.Single(trace, s => s.Name == "handoff publish");
        var enroll = Assert.Single(trace, s => s.Name == "enroll");
        // The storage calls each span makes are client spans of their own; the provider call is the one to the fake ACS.
        var call = Assert.Single(trace, s => s.ParentSpanId == sentStep.SpanId && ToAcs(s));
        Assert.Equal(("Producer", "Reactivation", "traced-user"), (handoff.Kind, handoff.Source, handoff.Tags["reactivation.user.id"]));
        Assert.Equal(("Consumer", handoff.SpanId), (enroll.Kind, enroll.ParentSpanId));
        Assert.Equal(enroll.SpanId, sentStep.ParentSpanId);
        Assert.Equal(("traced", "Sms"), (sentStep.Tags["reactivation.journey.id"], sentStep.Tags["reactivation.send.channel"]));
        Assert.Equal("POST", call.Tags["http.request.method"]);
        Assert.Contains("/sms", call.Tags["url.full"], StringComparison.Ordinal);

        // The journey's other step (its exit) joins the same trace, under enrollment too.
        Assert.Contains(trace, s => s.Name == "journey step" && s != sentStep && s.ParentSpanId == enroll.SpanId);

        // The counters, printed every 2 s: the sweep that handed the user off, and the send by channel and outcome.
        var metrics = await MetricsAsync(worker, ["reactivation.sweep.users", "reactivation.handoffs", "reactivation.sends"]);
        Assert.Contains("channel: Sms", metrics["reactivation.sends"], StringComparison.Ordinal);
        Assert.Contains("outcome: Sent", metrics["reactivation.sends"], StringComparison.Ordinal);
        Assert.Contains("reason: BecameSilent", metrics["reactivation.handoffs"], StringComparison.Ordinal);

        var printed = string.Join('\n', Output(worker));
        Assert.DoesNotContain(Phone, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, printed, StringComparison.Ordinal);
        Assert.Single(acs.Messages, m => m.To == Phone);
    }

    // Every metric block the exporter printed, by name, once each has been printed.
    private static async Task<Dictionary<string, string>> MetricsAsync(WorkerProcess worker, string[] names)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var text = string.Join('\n', Output(worker));
            var blocks = MetricBlock().Matches(text).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            if (names.All(blocks.ContainsKey))
            {
                return blocks;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"metrics {string.Join(", ", names.Where(n => !blocks.ContainsKey(n)))} were not printed; the worker printed:{Environment.NewLine}{worker.Tail(200)}");
            await Task.Delay(500, Ct);
        }
    }

    private static IEnumerable<string> Output(WorkerProcess worker) =>
        worker.Tail(int.MaxValue).Split(Environment.NewLine).Where(l => l.Contains(" out] ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(" out] ", StringComparison.Ordinal) + 6)..]);

    [GeneratedRegex(@"Metric Name: ([\w.]+)[\s\S]*?(?=Metric Name:|\z)")]
    private static partial Regex MetricBlock();
}
