using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Core.Users;
using Reactivation.Fakes.Messaging;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Policy;

namespace Reactivation.Functions.Tests.Policy;

/// <summary>
/// The app's own service graph (<see cref="ServiceRegistration.AddReactivation"/>) on Azurite under a storage prefix of its
/// own, with ACS pointed at the fake server and every storage request counted: the send path exactly as a journey step
/// calls it, with nothing else running beside it.
/// </summary>
public sealed class SendPath : IAsyncDisposable
{
    private static int _next;

    private SendPath(ServiceProvider services, FakeAcsServer acs, StorageCallCounter calls, FakeTimeProvider clock)
    {
        Services = services;
        Acs = acs;
        Calls = calls;
        Clock = clock;
    }

    /// <summary>The services.</summary>
    public ServiceProvider Services { get; }

    /// <summary>The fake ACS server.</summary>
    public FakeAcsServer Acs { get; }

    /// <summary>Every storage request the services made.</summary>
    public StorageCallCounter Calls { get; }

    /// <summary>The app's clock: 10:00 in Shanghai, outside quiet hours.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The registered channel: the contact policy, the offer desk, the ACS channel.</summary>
    public IMessageChannel Channel => Services.GetRequiredService<IMessageChannel>();

    /// <summary>Starts the fake and builds the graph; <paramref name="shards"/> shards of storage.</summary>
    public static async Task<SendPath> StartAsync(AzuriteFixture azurite, int shards, CancellationToken cancellationToken)
    {
        var acs = await FakeAcsServer.StartAsync(logRequests: false, cancellationToken);
        var calls = new StorageCallCounter();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Prefix"] = $"sendpath{Interlocked.Increment(ref _next)}{Environment.ProcessId % 10_000}",
            ["Storage:ShardCount"] = shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Acs:ConnectionString"] = acs.ConnectionString,
            ["Acs:SmsFrom"] = "+18005550100",
            ["Acs:EmailSender"] = "DoNotReply@mail.example.com",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<HttpPipelinePolicy>(calls).AddSingleton<TimeProvider>(clock)
            .AddReactivation(AppSettings.Load(configuration)).BuildServiceProvider();
        return new SendPath(services, acs, calls, clock);
    }

    /// <summary>Creates CN users with a phone number and an SMS marketing opt-in recorded through the consent ledger, as the API records it.</summary>
    public async Task AddOptedInUsersAsync(CancellationToken cancellationToken, params string[] userIds)
    {
        await Services.GetRequiredService<UserDirectory>().UpsertAsync(
            [.. userIds.Select((u, i) => new UserUpdate(u, $"+86139{i:D8}", $"{u}@example.com", "Asia/Shanghai", "zh-CN", "CN", null))], cancellationToken);
        foreach (var user in userIds)
        {
            await Services.GetRequiredService<ConsentLedger>().RecordAsync(
                new ConsentChange($"optin-{user}", user, new ConsentFlag(Core.Journeys.Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedIn, "api", "v1", Clock.GetUtcNow().AddDays(-30)),
                    "v1", null, null, null),
                cancellationToken);
        }
    }

    /// <summary>A marketing SMS (<c>care-sms</c>, no offer) to <paramref name="userId"/> from <paramref name="journeyId"/>.</summary>
    public OutboundMessage Sms(string userId, string journeyId = "sendpath") =>
        new($"{journeyId}~{userId}~1~sms~1", $"{journeyId}~{userId}~1", journeyId, "sms", userId, Core.Journeys.Channel.Sms, "care-sms", null, null, 1, Clock.GetUtcNow());

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Acs.DisposeAsync();
    }
}
