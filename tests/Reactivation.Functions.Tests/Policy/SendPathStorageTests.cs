using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Profiles;
using Reactivation.Core.Sharding;
using Reactivation.Core.Users;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Policy;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Policy;

/// <summary>
/// The send path over the per-user contact state, on Azurite with the fake ACS server: how many storage calls a send
/// makes, the cap under real concurrency, and the profile mirror the send reads instead of the profile.
/// </summary>
public sealed class SendPathStorageTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_marketing_sms_that_goes_out_costs_three_storage_calls_the_read_the_touch_and_the_delivery_index()
    {
        await using var path = await SendPath.StartAsync(azurite, shards: 1, Ct);
        await path.AddOptedInUsersAsync(Ct, "warm", "counted");
        Assert.Equal(SendStatus.Sent, (await path.Channel.SendAsync(path.Sms("warm"), Ct)).Status);

        path.Calls.Reset();
        var result = await path.Channel.SendAsync(path.Sms("counted"), Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal(3, path.Calls.Calls);
        Assert.Equal(2, path.Acs.Messages.Count);
        var (touches, _) = await path.Services.GetRequiredService<ContactLedger>().ReadAsync("counted", path.Clock.GetUtcNow().AddDays(-1), Ct);
        Assert.Equal(["sendpath~counted~1~sms~1"], touches.Select(t => t.SendKey));
    }

    [Fact]
    public async Task Concurrent_sends_for_one_user_from_different_journeys_never_both_pass_a_daily_cap_of_one()
    {
        await using var path = await SendPath.StartAsync(azurite, shards: 2, Ct);
        var users = Enumerable.Range(0, 8).Select(i => $"raced{i}").ToArray();
        await path.AddOptedInUsersAsync(Ct, users);

        // Six journeys at once for each user, all started together on the thread pool: every send reads the same
        // ledger, and only the ETag of that read decides which touch is recorded.
        using var start = new ManualResetEventSlim();
        var sends = users.SelectMany(u => Enumerable.Range(0, 6).Select(j => Task.Run(async () =>
        {
            start.Wait(Ct);
            return (User: u, Result: await path.Channel.SendAsync(path.Sms(u, $"journey{j}"), Ct));
        }, Ct))).ToList();
        start.Set();
        var results = await Task.WhenAll(sends);

        foreach (var user in users)
        {
            var mine = results.Where(r => r.User == user).Select(r => r.Result).ToList();
            Assert.Single(mine, r => r.Status == SendStatus.Sent);
            Assert.All(mine.Where(r => r.Status != SendStatus.Sent), r => Assert.Equal((SendStatus.Deferred, NotSentReason.FrequencyCap), (r.Status, r.Reason)));
            var (touches, _) = await path.Services.GetRequiredService<ContactLedger>().ReadAsync(user, path.Clock.GetUtcNow().AddDays(-1), Ct);
            Assert.Single(touches);
        }

        Assert.Equal(users.Length, path.Acs.Messages.Count);
    }

    [Fact]
    public async Task A_profile_stored_before_the_mirror_existed_is_still_sent_to_from_the_profile_itself()
    {
        await using var path = await SendPath.StartAsync(azurite, shards: 1, Ct);
        await path.AddOptedInUsersAsync(Ct, "mirrored");
        var account = path.Services.GetRequiredService<StorageAccount>();
        var profiles = await account.ProfilesAsync(ShardMap.ShardOf("unmirrored", 1), Ct);
        await profiles.AddEntityAsync(ProfileEntity.ToEntity(new UserProfile
        {
            UserId = "unmirrored",
            Contact = new ContactPoints("+8613900000077", null, "Asia/Shanghai", "zh-CN", "CN"),
        }), Ct);
        await path.Services.GetRequiredService<ConsentFlags>().SetAsync(
            "unmirrored", new Core.Policy.ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, Core.Policy.ConsentState.OptedIn, "api", null, path.Clock.GetUtcNow().AddDays(-1)), Ct);
        Assert.Equal(SendStatus.Sent, (await path.Channel.SendAsync(path.Sms("mirrored"), Ct)).Status);

        path.Calls.Reset();
        var result = await path.Channel.SendAsync(path.Sms("unmirrored"), Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal(4, path.Calls.Calls);
        Assert.Contains(path.Acs.Messages, m => m.To == "+8613900000077");
    }

    [Fact]
    public async Task A_new_phone_number_rewrites_the_mirror_and_the_next_send_goes_to_it_not_to_the_blocked_old_one()
    {
        await using var path = await SendPath.StartAsync(azurite, shards: 1, Ct);
        await path.AddOptedInUsersAsync(Ct, "moved");
        await path.Services.GetRequiredService<Infra.Messaging.ContactBlocks>().BlockAsync("moved", Channel.Sms, "+8613900000000", "Sender blocked for given recipient.", Ct);
        var blocked = await path.Channel.SendAsync(path.Sms("moved"), Ct);
        Assert.Equal((SendStatus.Skipped, NotSentReason.ContactPointBlocked), (blocked.Status, blocked.Reason));

        await path.Services.GetRequiredService<UserDirectory>().UpsertAsync([new UserUpdate("moved", "+8613911112222", null, null, null, null, null)], Ct);
        var result = await path.Channel.SendAsync(path.Sms("moved", "later"), Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal("+8613911112222", Assert.Single(path.Acs.Messages).To);
        Assert.Equal("+8613911112222", (await path.Services.GetRequiredService<ContactState>().ReadAsync("moved", Ct)).Profile!.Contact.Phone);
    }

    [Fact]
    public async Task Fatigue_is_judged_on_the_profile_so_a_login_after_three_unanswered_touches_lets_the_send_through()
    {
        await using var path = await SendPath.StartAsync(azurite, shards: 1, Ct);
        await path.AddOptedInUsersAsync(Ct, "tired", "returned");
        var ledger = path.Services.GetRequiredService<ContactLedger>();
        var now = path.Clock.GetUtcNow();
        foreach (var user in new[] { "tired", "returned" })
        {
            foreach (var days in new[] { 25, 18, 11 })
            {
                await ledger.RecordTouchAsync(user, $"old~{user}~{days}", Channel.Sms, "old", now.AddDays(-days), Ct);
            }
        }

        // A login changes no mirrored field, so the mirror still holds no login: only the profile knows of it.
        await path.Services.GetRequiredService<ProfileWriter>().ApplyAsync(
            new Dictionary<string, Func<UserProfile, UserProfile>> { ["returned"] = p => p with { LastLoginAt = now.AddDays(-2) } }, Ct);
        Assert.Null((await path.Services.GetRequiredService<ContactState>().ReadAsync("returned", Ct)).Profile!.LastLoginAt);

        var tired = await path.Channel.SendAsync(path.Sms("tired"), Ct);
        var returned = await path.Channel.SendAsync(path.Sms("returned"), Ct);

        Assert.Equal((SendStatus.Suppressed, "fatigue"), (tired.Status, tired.Detail![..tired.Detail!.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal(SendStatus.Sent, returned.Status);
    }
}
