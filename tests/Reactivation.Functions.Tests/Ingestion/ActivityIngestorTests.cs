using Azure.Data.Tables;
using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;
using Reactivation.Core.Profiles;
using Reactivation.Core.Sharding;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Ingestion;

/// <summary>Ingestion against Azurite: the guarantees of the README's "Why ingestion is safe to retry", and the enrollment marker.</summary>
public sealed class ActivityIngestorTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_seen_for_the_first_time_is_marked_never_enrolled_without_a_membership_read_and_costs_none_after()
    {
        var s = NewStorage();

        var first = await s.Ingestor.IngestAsync([Login("a1", "ann", At)], Ct);
        var firstReads = s.Requests.ReadsOf("journeys");
        s.Requests.Clear();
        var second = await s.Ingestor.IngestAsync([Login("a2", "ann", At.AddHours(1))], Ct);

        Assert.Equal((1, 0), (first.NewUsers, firstReads));
        Assert.Equal(0, s.Requests.ReadsOf("journeys"));
        Assert.Empty(first.Enrolled);
        Assert.Empty(second.Enrolled);
        Assert.False((await s.Profiles.GetAsync("ann", Ct))!.EverEnrolled);
    }

    [Fact]
    public async Task A_member_whose_profile_was_stored_before_the_marker_existed_is_found_by_its_membership_and_marked()
    {
        var s = NewStorage();
        var table = await s.Account.ProfilesAsync(ShardMap.ShardOf("bea", s.Account.Options.ShardCount), Ct);
        await table.UpsertEntityAsync(ProfileEntity.ToEntity(UserProfile.New("bea") with { FirstSeenAt = At.AddDays(-90) }), TableUpdateMode.Replace, Ct);
        await s.Store.SaveMemberAsync(Member("bea"), default, Ct);

        var report = await s.Ingestor.IngestAsync([Login("b1", "bea", At)], Ct);

        Assert.Contains("bea", report.Enrolled);
        Assert.Equal(0, report.NewUsers);
        Assert.True((await s.Profiles.GetAsync("bea", Ct))!.EverEnrolled);
    }

    [Fact]
    public async Task An_enrollment_of_a_user_with_no_profile_row_between_ingestions_read_and_its_insert_makes_the_insert_fail_and_the_user_is_kept()
    {
        var s = NewStorage();
        var read = s.Requests.NextReadAnsweredAsync("profiles");
        async Task<Func<UserProfile, UserProfile>> ChangeKnownAfterTheEnrollmentAsync()
        {
            await read;
            await EnrollAsync(s, "eve");
            return Fold(Login("e1", "eve", At));
        }

        var write = await s.Profiles.ApplyAsync("eve", ChangeKnownAfterTheEnrollmentAsync(), HasNoMembershipAsync, Ct);

        await AssertKeptWithTheLoginAsync(s.Profiles, "eve", write);
    }

    [Fact]
    public async Task An_enrollment_that_claims_the_membership_just_after_ingestion_looked_for_it_makes_the_ingestions_write_fail_and_the_user_is_kept()
    {
        var s = NewStorage();
        var table = await s.Account.ProfilesAsync(ShardMap.ShardOf("cal", s.Account.Options.ShardCount), Ct);
        await table.UpsertEntityAsync(ProfileEntity.ToEntity(UserProfile.New("cal") with { FirstSeenAt = At.AddDays(-90) }), TableUpdateMode.Replace, Ct);

        // The enrollment lands after ingestion's membership read found nothing and before ingestion writes the profile.
        async Task<bool> LookThenLoseTheRaceAsync(string userId, CancellationToken cancellationToken)
        {
            var (_, etag, _) = await s.Store.GetMemberAsync(userId, cancellationToken);
            await EnrollAsync(s, userId);
            return etag != default;
        }

        var write = await s.Profiles.ApplyAsync("cal", Task.FromResult(Fold(Login("c1", "cal", At))), LookThenLoseTheRaceAsync, Ct);

        await AssertKeptWithTheLoginAsync(s.Profiles, "cal", write);
    }

    [Fact]
    public async Task An_enrollment_between_ingestions_profile_read_and_its_write_of_a_user_marked_never_enrolled_makes_the_write_fail_and_the_user_is_kept()
    {
        var s = NewStorage();
        await s.Ingestor.IngestAsync([Login("d0", "dan", At.AddDays(-1))], Ct);
        Assert.False((await s.Profiles.GetAsync("dan", Ct))!.EverEnrolled);

        var read = s.Requests.NextReadAnsweredAsync("profiles");
        async Task<Func<UserProfile, UserProfile>> ChangeKnownAfterTheEnrollmentAsync()
        {
            await read;
            await EnrollAsync(s, "dan");
            return Fold(Login("d1", "dan", At));
        }

        var write = await s.Profiles.ApplyAsync("dan", ChangeKnownAfterTheEnrollmentAsync(), HasNoMembershipAsync, Ct);

        await AssertKeptWithTheLoginAsync(s.Profiles, "dan", write);
    }

    [Fact]
    public async Task A_batch_retried_after_a_crash_before_its_profile_writes_converges_to_the_profile_of_one_clean_ingestion()
    {
        var s = NewStorage();
        s.Requests.KillWritesTo("profiles");
        await Assert.ThrowsAnyAsync<Exception>(() => s.Ingestor.IngestAsync(History("eve"), Ct));
        s.Requests.Revive();

        var retried = await s.Ingestor.IngestAsync(History("eve"), Ct);
        await s.Ingestor.IngestAsync(History("ref"), Ct);

        Assert.Equal((0, 4, 1), (retried.Accepted, retried.Duplicates, retried.NewUsers));
        Assert.True(Same(await s.Profiles.GetAsync("ref", Ct), await s.Profiles.GetAsync("eve", Ct)));
    }

    [Fact]
    public async Task A_crash_before_an_event_is_stored_writes_no_profile_though_the_profile_is_read_meanwhile()
    {
        var s = NewStorage();
        s.Requests.KillWritesTo("events");

        await Assert.ThrowsAnyAsync<Exception>(() => s.Ingestor.IngestAsync([Login("f1", "fay", At)], Ct));

        Assert.Null(await s.Profiles.GetAsync("fay", Ct));
    }

    [Fact]
    public async Task Duplicate_out_of_order_and_concurrent_batches_fold_into_the_same_profile()
    {
        var s = NewStorage();
        var gus = History("gus");
        var hal = History("hal");

        await s.Ingestor.IngestAsync(gus[..2], Ct);
        await s.Ingestor.IngestAsync(gus[2..], Ct);
        var again = await s.Ingestor.IngestAsync(gus, Ct);
        await Task.WhenAll(s.Ingestor.IngestAsync([hal[3], hal[2]], Ct), s.Ingestor.IngestAsync([hal[1], hal[0]], Ct));

        Assert.Equal((0, 4), (again.Accepted, again.Duplicates));
        var profile = await s.Profiles.GetAsync("gus", Ct);
        Assert.Equal((2, 12m, At.AddDays(3)), (profile!.PurchaseCount, profile.TotalSpend, profile.LastActivityAt));
        Assert.True(Same(profile, await s.Profiles.GetAsync("hal", Ct)));
    }

    private (StorageAccount Account, ActivityIngestor Ingestor, ProfileWriter Profiles, JourneyStore Store, TableRequestRecorder Requests) NewStorage()
    {
        var requests = new TableRequestRecorder();
        var account = new StorageAccount(
            new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = "i" + Guid.NewGuid().ToString("N")[..10], ShardCount = 4, Parallelism = 8 }, requests);
        var store = new JourneyStore(account);
        var profiles = new ProfileWriter(account, new PhoneIndex(account), new Reactivation.Infra.Policy.ContactState(account), TimeProvider.System);
        return (account, new ActivityIngestor(account, profiles, store), profiles, store, requests);
    }

    // What JourneyEnroller does, in its order: the marker, then the claim.
    private static async Task EnrollAsync((StorageAccount Account, ActivityIngestor Ingestor, ProfileWriter Profiles, JourneyStore Store, TableRequestRecorder Requests) s, string userId)
    {
        await s.Profiles.MarkEnrolledAsync(userId, Ct);
        await s.Store.SaveMemberAsync(Member(userId), default, Ct);
    }

    // The write that lost the race read the profile again: the enrollment's marker and the login are both there.
    private static async Task AssertKeptWithTheLoginAsync(ProfileWriter profiles, string userId, ProfileWrite write)
    {
        var stored = await profiles.GetAsync(userId, Ct);
        Assert.Equal((true, true, At), (write.EverEnrolled, stored!.EverEnrolled, stored.LastLoginAt));
    }

    private static Task<bool> HasNoMembershipAsync(string userId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"the profile of {userId} says whether a journey enrolled them; nothing should ask the membership");

    private static JourneyMembership Member(string userId)
    {
        var instanceId = JourneyState.IdFor("probe", userId, 1);
        return JourneyMembership.New(userId) with { ActiveInstanceId = instanceId, Runs = 1, LastInstanceId = instanceId };
    }

    private static Func<UserProfile, UserProfile> Fold(ActivityEvent activity) => p => ProfileFold.Apply(p, activity);

    private static ActivityEvent Login(string id, string userId, DateTimeOffset at) => new(id, userId, ActivityType.Login, at);

    private static ActivityEvent[] History(string userId) =>
    [
        Login("h1", userId, At),
        new("h2", userId, ActivityType.Purchase, At.AddDays(1), 5m, "CNY", 5m),
        Login("h3", userId, At.AddDays(2)),
        new("h4", userId, ActivityType.Purchase, At.AddDays(3), 7m, "CNY", 7m),
    ];

    // The same profile but for the user id (and the first-seen time the writer sets only when no event gives one).
    private static bool Same(UserProfile? expected, UserProfile? actual) =>
        expected is not null && actual is not null && expected.SameAs(actual with { UserId = expected.UserId });
}
