using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Activity;
using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Xunit;

namespace Reactivation.Functions.Tests.Ingestion;

/// <summary>
/// The real enroller marks the profile before it claims the membership, so ingestion, which reads only the memberships
/// of users whose profile is marked, never skips a member, however the user was enrolled.
/// </summary>
public sealed class EnrollmentMarkerTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_marked_never_enrolled_who_is_then_started_by_hand_has_their_return_raised_on_the_journey()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("ivy");
        var ingestor = app.Services.GetRequiredService<ActivityIngestor>();
        var before = await ingestor.IngestAsync([new ActivityEvent("i0", "ivy", ActivityType.Session, app.Clock.GetUtcNow().AddDays(-1))], Ct);
        Assert.Empty(before.Enrolled);

        var started = await app.StartJourneyAsync("probe", "ivy");
        var login = new ActivityEvent("i1", "ivy", ActivityType.Login, app.Clock.GetUtcNow());
        var report = await ingestor.IngestAsync([login], Ct);
        var raised = await app.Services.GetRequiredService<JourneyEvents>().RaiseFromActivityAsync(app.Client, [login], report.Enrolled, 4, Ct);

        Assert.True(started.Started);
        Assert.Contains("ivy", report.Enrolled);
        Assert.Equal(1, raised);
    }

    [Fact]
    public async Task A_user_marked_never_enrolled_who_is_then_enrolled_from_a_sweep_hand_off_is_kept_for_the_membership_read()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("jay");
        var ingestor = app.Services.GetRequiredService<ActivityIngestor>();
        await ingestor.IngestAsync([new ActivityEvent("j0", "jay", ActivityType.Session, app.Clock.GetUtcNow().AddDays(-400))], Ct);

        var day = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var enrolled = await app.EnrollAsync(new EnrollmentHandoff
        {
            HandoffId = EnrollmentHandoff.IdFor(day, "jay"),
            SweepDate = day,
            AsOf = app.Clock.GetUtcNow(),
            UserId = "jay",
            Reason = HandoffReason.EarlyWarning,
            Band = DormancyBand.Over12Months,
            PreviousBand = DormancyBand.Over12Months,
            Tier = ValueTier.Low,
            Cause = SilenceCause.NaturalDecline,
            EarlyWarning = true,
            DaysSilent = 400,
        });
        var report = await ingestor.IngestAsync([new ActivityEvent("j1", "jay", ActivityType.Login, app.Clock.GetUtcNow())], Ct);

        Assert.True(enrolled.Started, enrolled.Reason);
        Assert.Contains("jay", report.Enrolled);
    }

    [Fact]
    public async Task A_user_started_by_hand_before_any_activity_is_kept_and_their_first_event_still_counts_them_as_new()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.StartJourneyAsync("probe", "kit");
        var at = app.Clock.GetUtcNow();
        var directory = app.Services.GetRequiredService<UserDirectory>();
        // The marker's row alone is no profile: the user is still unknown to every reader (GET /api/users answers 404).
        Assert.Null(await directory.GetAsync("kit", Ct));

        var report = await app.Services.GetRequiredService<ActivityIngestor>().IngestAsync([new ActivityEvent("k1", "kit", ActivityType.Login, at)], Ct);

        Assert.Contains("kit", report.Enrolled);
        Assert.Equal(1, report.NewUsers);
        var profile = await directory.GetAsync("kit", Ct);
        Assert.Equal((at, at, true), (profile!.FirstSeenAt, profile.LastLoginAt, profile.EverEnrolled));
    }
}
