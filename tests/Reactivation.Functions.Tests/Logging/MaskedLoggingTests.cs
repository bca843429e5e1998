using Microsoft.DurableTask.Client;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reactivation.Core.Privacy;
using Reactivation.Functions.Logging;
using Reactivation.Functions.Tests.Journeys;
using Xunit;

namespace Reactivation.Functions.Tests.Logging;

/// <summary>Every log line the app writes reaches its sinks with phone numbers and email addresses masked.</summary>
public sealed class MaskedLoggingTests(AzuriteFixture azurite)
{
    private static readonly (string UserId, string Phone, string Email)[] Users =
    [
        ("mask-cn", "+8613912345678", "mei.lin@example.com"),
        ("mask-us", "+12125550147", "j.doe@example.org"),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Users_journeys_sends_an_inbound_stop_and_a_consent_change_log_contact_data_only_masked()
    {
        var sink = new CapturingLoggerProvider();
        await using var app = await JourneyTestApp.StartAsync(azurite, services: s =>
        {
            s.AddSingleton<ILoggerProvider>(sink);
            s.AddLogging(b => b.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));
        }, new Dictionary<string, string?> { ["Acs:EventGridKey"] = "masked-logging-event-grid-key" });
        var client = app.App.Client;

        var users = await client.PostAsJsonAsync(
            "/api/users", Users.Select(u => new { userId = u.UserId, phone = u.Phone, email = u.Email, timeZone = "Asia/Shanghai", locale = "zh-CN" }), Ct);
        var activity = await client.PostAsJsonAsync(
            "/api/activity", Users.Select(u => new { eventId = $"{u.UserId}-login", userId = u.UserId, type = "login", occurredAt = app.Clock.GetUtcNow().AddDays(-400) }), Ct);
        foreach (var user in Users)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/journeys/probe/instances", new { userId = user.UserId }, Ct)).StatusCode);
        }

        await app.PumpAsync();
        app.Clock.Advance(TimeSpan.FromDays(2));
        foreach (var user in Users)
        {
            await app.PumpAsync();
        }

        var stop = await client.PostAsync("/api/events/acs?key=masked-logging-event-grid-key", new StringContent(InboundStop(Users[0].Phone, app.Clock.GetUtcNow()), Encoding.UTF8, "application/json"), Ct);
        var consent = await client.PostAsJsonAsync(
            "/api/consent", new[] { new { changeId = "mask-1", userId = Users[1].UserId, channel = "email", purpose = "marketing", state = "optOut", source = "api" } }, Ct);

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            new[] { users.StatusCode, activity.StatusCode, stop.StatusCode, consent.StatusCode });
        Assert.Equal(2, (await app.OutboxAsync(Users[0].UserId)).Count);
        var lines = sink.Lines;
        foreach (var (_, phone, email) in Users)
        {
            Assert.DoesNotContain(lines, l => l.Contains(phone, StringComparison.Ordinal) || l.Contains(phone[1..], StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(email, StringComparison.OrdinalIgnoreCase));
            Assert.Contains(lines, l => l.Contains(ContactMask.Phone(phone), StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains(ContactMask.Email(email), StringComparison.Ordinal));
        }

        Assert.Contains(lines, l => l.Contains($"OptOut from {ContactMask.Phone(Users[0].Phone)}", StringComparison.Ordinal));
    }

    [Fact]
    public void An_exception_quoting_a_number_reaches_the_sink_masked_in_its_message_its_values_and_its_stack_text()
    {
        var sink = new CapturingLoggerProvider();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace)).AddContactMasking();
        using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<ILogger<MaskedLoggingTests>>();

        logger.LogWarning(new InvalidOperationException("provider refused +8613912345678"), "send to {Recipient} failed", "mei.lin@example.com");

        var line = Assert.Single(sink.Lines);
        Assert.DoesNotContain("+8613912345678", line, StringComparison.Ordinal);
        Assert.DoesNotContain("mei.lin@example.com", line, StringComparison.Ordinal);
        Assert.Contains("send to m***@example.com failed", line, StringComparison.Ordinal);
        Assert.Contains("Recipient=m***@example.com", line, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: provider refused +86*******5678", line, StringComparison.Ordinal);
    }

    // An inbound SMS as Event Grid delivers it (the documented SMSReceived shape).
    private static string InboundStop(string from, DateTimeOffset at) => $$"""
        [{
          "id": "Incoming_mask_1",
          "topic": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Communication/communicationServices/c",
          "subject": "/phonenumber/{{from.TrimStart('+')}}",
          "data": { "messageId": "Incoming_mask_1", "from": "{{from}}", "to": "18005550100", "message": "STOP",
                    "receivedTimestamp": "{{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}", "segmentCount": 1 },
          "eventType": "Microsoft.Communication.SMSReceived",
          "dataVersion": "1.0",
          "metadataVersion": "1",
          "eventTime": "{{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}"
        }]
        """;
}
