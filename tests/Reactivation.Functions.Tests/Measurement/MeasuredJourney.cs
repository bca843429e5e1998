using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Journeys;
using Xunit;

namespace Reactivation.Functions.Tests.Measurement;

/// <summary>A journey with its own 50% control share, published on a test app, and users enrolled in it by hand.</summary>
public static class MeasuredJourney
{
    // One SMS, two days to click, then lost; half of the journey's users are its control share.
    public const string MeasuredJson = """
        {
          "id": "measured", "version": 1, "cooldownDays": 0,
          "measurement": { "controlPercent": 50, "minimumDetectableLift": 0.15, "activationTarget": 0.15 },
          "entry": { "reasons": ["earlyWarning"], "bands": ["over12Months"] },
          "start": "sms",
          "steps": [
            { "id": "sms", "kind": "send", "channel": "sms", "template": "return-gift-sms", "next": "wait-click" },
            { "id": "wait-click", "kind": "waitFor", "events": [ { "event": "click", "next": "won" } ], "timeout": "2d", "onTimeout": "lost" },
            { "id": "won", "kind": "exit", "outcome": "reactivated" },
            { "id": "lost", "kind": "exit", "outcome": "lost" }
          ]
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A test app with the measured journey published.</summary>
    public static async Task<JourneyTestApp> StartAsync(AzuriteFixture azurite, Action<IServiceCollection>? services = null)
    {
        var app = await JourneyTestApp.StartAsync(azurite, services);
        var (published, problems) = await app.Services.GetRequiredService<JourneyLibrary>().PublishAsync(MeasuredJson, Ct);
        Assert.True(published is not null, string.Join("; ", problems));
        return app;
    }

    /// <summary>Creates and enrolls <paramref name="users"/>, runs their first steps, and answers who was treated and who is in the control share.</summary>
    public static async Task<(List<string> Treated, List<string> Control)> EnrollAsync(JourneyTestApp app, string[] users)
    {
        await app.AddUsersAsync(users);
        var enroller = app.Services.GetRequiredService<JourneyEnroller>();
        var (treated, control) = (new List<string>(), new List<string>());
        foreach (var user in users)
        {
            var id = (await enroller.StartAsync(app.Client, "measured", user, null, Ct)).InstanceId!;
            ((await app.StateAsync(id)).Control ? control : treated).Add(user);
        }

        await app.PumpAsync();
        return (treated, control);
    }
}
