using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Measurement;
using Xunit;

namespace Reactivation.Functions.Tests.Measurement;

/// <summary>
/// The measured journey with 40 users a day in: 2 treated users clicked (and ended at <c>won</c>), 10 treated and 3
/// control users came back by themselves, the rest wait for a click. Metrics are rolled up, as the report needs.
/// </summary>
public sealed record JourneyMapSeed(JourneyTestApp App, List<string> Treated, List<string> Control, List<string> Clicked, List<string> Returned)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Users in the journey.</summary>
    public int Users => Treated.Count + Control.Count;

    /// <summary>Users who are still waiting for a click.</summary>
    public int Waiting => Users - Clicked.Count - Returned.Count;

    public static async Task<JourneyMapSeed> StartAsync(AzuriteFixture azurite)
    {
        var app = await MeasuredJourney.StartAsync(azurite);
        var users = Enumerable.Range(1, 40).Select(i => $"m{i:D2}").ToArray();
        var (treated, control) = await MeasuredJourney.EnrollAsync(app, users);
        app.Clock.Advance(TimeSpan.FromHours(12));
        var clicked = treated.Take(2).ToList();
        foreach (var user in clicked)
        {
            Assert.Equal(RaiseOutcome.Accepted, await app.RaiseAsync(JourneyState.IdFor("measured", user, 1), "click", $"click-{user}", Channel.Sms));
        }

        var at = app.Clock.GetUtcNow();
        var returned = treated.Skip(2).Take(10).Concat(control.Take(3)).ToList();
        var activity = returned.Select(u => new ActivityEvent($"login-{u}", u, ActivityType.Login, at)).ToList();
        await app.Services.GetRequiredService<JourneyEvents>().RaiseFromActivityAsync(app.Services.GetRequiredService<DurableTaskClient>(), activity, 4, Ct);
        await app.PumpAsync();
        await app.Services.GetRequiredService<MetricsStore>().RollUpAsync(Ct);
        return new JourneyMapSeed(app, treated, control, clicked, returned);
    }
}
