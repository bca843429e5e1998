using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Journeys;

/// <summary>
/// A passing outage is retried; a fault (a bug, data the code cannot run) is recorded as a failure with its error and
/// never retried into the same error again.
/// </summary>
public sealed class JourneyFaultTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fault_in_the_send_path_fails_the_send_with_its_error_and_is_not_retried()
    {
        var channel = new ThrowingChannel(() => new NullReferenceException("the renderer had no locale"));
        await using var app = await JourneyTestApp.StartAsync(azurite, s => s.Replace(ServiceDescriptor.Singleton<IMessageChannel>(channel)));
        await app.AddUsersAsync("buggy");

        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync("probe", "buggy", null, Ct)).InstanceId!;
        await app.PumpAsync();
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.WakeAsync(id);

        var state = await app.StateAsync(id);
        Assert.Equal((InstanceStatus.Failed, JourneyOutcome.Failed), (state.Status, state.Outcome));
        Assert.Contains("error: NullReferenceException: the renderer had no locale", state.Reason, StringComparison.Ordinal);
        Assert.Equal(1, channel.Calls);
    }

    [Fact]
    public async Task A_passing_outage_in_the_send_path_is_retried_under_the_same_key()
    {
        var channel = new ThrowingChannel(() => new HttpRequestException("connection reset"));
        await using var app = await JourneyTestApp.StartAsync(azurite, s => s.Replace(ServiceDescriptor.Singleton<IMessageChannel>(channel)));
        await app.AddUsersAsync("flaky");

        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync("probe", "flaky", null, Ct)).InstanceId!;
        await app.PumpAsync();

        var state = await app.StateAsync(id);
        Assert.Equal((InstanceStatus.Running, WaitingFor.Retry), (state.Status, state.Waiting));
        Assert.Contains(await app.Store.HistoryAsync(id, Ct), h => h.Kind == "retryScheduled" && h.Detail!.Contains("(HttpRequestException: connection reset); attempt 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_definition_that_no_longer_loads_ends_its_instance_as_failed_with_the_error_and_releases_the_user()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("orphaned");
        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync("probe", "orphaned", null, Ct)).InstanceId!;
        var definitions = await app.Services.GetRequiredService<StorageAccount>().TableAsync("journeydefs", Ct);
        await definitions.UpsertEntityAsync(new TableEntity("probe", "000001") { ["Json"] = "{ not json" }, TableUpdateMode.Merge, Ct);

        // A fresh worker, whose library has not cached the definition before it broke.
        var services = app.Services;
        var engine = new JourneyEngine(
            services.GetRequiredService<JourneyStore>(), new JourneyLibrary(services.GetRequiredService<StorageAccount>(), services.GetRequiredService<TemplateCatalogue>(), app.Clock),
            services.GetRequiredService<JourneyQueue>(), services.GetRequiredService<JourneyMessenger>(), services.GetRequiredService<JourneyOptions>(), app.Clock,
            NullLogger<JourneyEngine>.Instance);
        var line = await engine.HandleAsync(new JourneyMessage { Id = id, Kind = JourneyMessageKind.Start }, Ct);
        var again = await engine.HandleAsync(new JourneyMessage { Id = id, Kind = JourneyMessageKind.Repair }, Ct);

        var state = await app.StateAsync(id);
        Assert.Equal(InstanceStatus.Failed, state.Status);
        Assert.Contains("error: InvalidOperationException: stored journey probe@1 no longer parses", state.Reason, StringComparison.Ordinal);
        Assert.Contains("Failed", line, StringComparison.Ordinal);
        Assert.Contains("already Failed; dropped", again, StringComparison.Ordinal);
        var (member, _, _) = await app.Store.GetMemberAsync("orphaned", Ct);
        Assert.True(member.ActiveInstanceId is null || member.ActiveInstanceId != id || (await app.Store.GetAsync(id, Ct))!.Value.State.IsTerminal);
    }

    [Fact]
    public async Task An_attempt_that_outlives_the_configured_attempt_timeout_is_a_transient_failure_that_says_which_setting_cut_it_off()
    {
        var channel = new HangingChannel();
        await using var app = await JourneyTestApp.StartAsync(
            azurite, s => s.Replace(ServiceDescriptor.Singleton<IMessageChannel>(channel)),
            new Dictionary<string, string?> { ["Journeys:SendAttemptTimeout"] = "00:00:01", ["Journeys:SendTimeout"] = "00:00:30" });
        await app.AddUsersAsync("slow");

        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync("probe", "slow", null, Ct)).InstanceId!;
        await app.PumpAsync();

        Assert.Equal(WaitingFor.Retry, (await app.StateAsync(id)).Waiting);
        Assert.Contains(await app.Store.HistoryAsync(id, Ct), h => h.Kind == "retryScheduled"
            && h.Detail!.Contains("the attempt did not finish within Journeys:SendAttemptTimeout (00:00:01)", StringComparison.Ordinal));
    }

    [Fact]
    public void Outages_are_told_from_faults()
    {
        Assert.True(Outage.IsPassing(new Azure.RequestFailedException(503, "busy")));
        Assert.True(Outage.IsPassing(new HttpRequestException("refused")));
        Assert.True(Outage.IsPassing(new TaskCanceledException("timed out", new TimeoutException())));
        Assert.True(Outage.IsPassing(new AggregateException(new IOException("reset"), new TimeoutException())));
        Assert.False(Outage.IsPassing(new NullReferenceException()));
        Assert.False(Outage.IsPassing(new InvalidOperationException("bad state")));
        Assert.False(Outage.IsPassing(new TaskCanceledException("cancelled")));
        Assert.False(Outage.IsPassing(new AggregateException(new IOException("reset"), new FormatException())));
    }

    private sealed class HangingChannel : IMessageChannel
    {
        public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return SendResult.Sent();
        }
    }

    private sealed class ThrowingChannel(Func<Exception> fault) : IMessageChannel
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            throw fault();
        }
    }
}
