using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Links;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Links;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Protection;

/// <summary>
/// Ten thousand random and mutated requests at the public link endpoints and the ingestion endpoints, one at a time, on
/// Azurite: none may answer 5xx, and none that is refused may write anything (every storage write is counted as it
/// leaves the client, so a refused request that wrote is caught by name).
/// </summary>
public sealed class PublicEndpointFuzzTests(AzuriteFixture azurite)
{
    private const int Requests = 10_000;
    private const string EventGridKey = "fuzz-event-grid-key-0123456789";
    private const string User = "fuzz-user";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_thousand_random_and_mutated_requests_get_no_5xx_and_refused_ones_write_nothing()
    {
        var writes = new StorageWriteCounter();
        await using var app = await JourneyTestApp.StartAsync(
            azurite,
            s => s.AddSingleton(sp => new StorageAccount(sp.GetRequiredService<StorageOptions>(), writes)),
            new Dictionary<string, string?> { ["Acs:EventGridKey"] = EventGridKey, ["RateLimit:PublicBurst"] = "1000000", ["RateLimit:PublicPerMinute"] = "1000000" });
        await app.AddUsersAsync(User);
        var minter = app.Services.GetRequiredService<LinkMinter>();
        var sendKey = $"probe~{User}~1~sms~1";
        string[] tokens =
        [
            TokenOf(minter.TrackUrl(sendKey, "https://shop.example.com/sale")),
            TokenOf(minter.TrackUrl(sendKey, "https://shop.example.com/回归礼")),
            TokenOf(minter.TrackUrl(sendKey, "https://shop.example.com/search?q=中文")),
            // Signed with the raw destination, as links minted before destinations were normalised are.
            LinkToken.Create(minter.Keyring, LinkPurpose.Track, sendKey, "https://shop.example.com/café", DateTimeOffset.UtcNow.AddDays(30)),
            TokenOf(minter.UnsubscribeUrl(sendKey)),
            TokenOf(minter.PreferencesUrl(sendKey)),
        ];
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.App.Client.BaseAddress };
        client.DefaultRequestHeaders.Add("x-functions-key", JourneyTestApp.AdminKey);
        var generator = new FuzzRequestGenerator(new Random(20261128), tokens, ValidBodies(), EventGridKey);

        var failures = new List<string>();
        var (accepted, refused, acceptedWrites) = (0, 0, 0L);
        for (var i = 0; i < Requests && failures.Count < 20; i++)
        {
            var request = generator.Next();
            var before = writes.Writes;
            using var response = await SendAsync(client, request);
            var written = writes.Writes - before;
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                failures.Add($"#{i} {request.Recipe}: {status}");
            }
            else if (status >= 400 && written > 0)
            {
                failures.Add($"#{i} {request.Recipe}: refused with {status} but wrote {written} time(s)");
            }
            else if (status < 400)
            {
                accepted++;
                acceptedWrites += written;
            }

            refused += status >= 400 ? 1 : 0;
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(refused > Requests * 8 / 10, $"only {refused} of {Requests} requests were refused; the mutations are too mild to test anything");
        Assert.True(accepted > 0 && acceptedWrites > 0, $"{accepted} accepted requests wrote {acceptedWrites} times; the write counter or the valid controls are broken");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            if (!string.IsNullOrEmpty(request.ContentType))
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            }
        }

        return await client.SendAsync(message, Ct);
    }

    private static string TokenOf(string url) => url[(url.LastIndexOf('/') + 1)..];

    private static IReadOnlyList<(string Path, string Json)> ValidBodies() =>
    [
        ("/api/activity", """[ { "eventId": "fuzz-e1", "userId": "fuzz-user", "type": "pageView", "occurredAt": "2026-11-20T08:00:00Z" } ]"""),
        ("/api/users", """[ { "userId": "fuzz-user", "phone": "+8613800138000", "email": "fuzz-user@example.com", "timeZone": "Asia/Shanghai", "locale": "zh-CN", "region": "CN" } ]"""),
        ("/api/consent", """[ { "changeId": "fuzz-c1", "userId": "fuzz-user", "channel": "sms", "purpose": "marketing", "state": "optIn", "source": "api", "at": "2026-11-20T08:00:00Z" } ]"""),
        ("/api/events/acs", """
            [ { "id": "fuzz-in-1", "topic": "/subscriptions/x/resourceGroups/y/providers/Microsoft.Communication/CommunicationServices/z",
                "subject": "/phonenumber/8613800138000",
                "data": { "messageId": "fuzz-in-1", "from": "+8613800138000", "to": "18005550100", "message": "hello", "receivedTimestamp": "2026-11-20T08:00:00Z", "segmentCount": 1 },
                "eventType": "Microsoft.Communication.SMSReceived", "dataVersion": "1.0", "metadataVersion": "1", "eventTime": "2026-11-20T08:00:02Z" } ]
            """),
    ];
}
