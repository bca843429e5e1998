using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Core.Profiles;
using Reactivation.Core.Sharding;
using Reactivation.Functions.Cli;
using Reactivation.Infra.Messaging;
using Reactivation.Infra.Policy;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Policy;

/// <summary>The <c>migrate</c> verb on Azurite: rows of the old contact-state tables in, run twice, read back through the new layout.</summary>
public sealed class ContactStateMigrationTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrating_twice_copies_the_old_tables_once_and_every_reader_of_the_new_layout_sees_the_rows()
    {
        await using var path = await SendPath.StartAsync(azurite, shards: 4, Ct);
        var at = path.Clock.GetUtcNow();
        await WriteOldRowsAsync(path, at);
        // A member claimed before profiles carried the enrollment marker, with no profile row at all.
        var instanceId = Reactivation.Core.Journeys.JourneyState.IdFor("probe", "old-member", 1);
        await path.Services.GetRequiredService<Reactivation.Infra.Journeys.JourneyStore>().SaveMemberAsync(
            Reactivation.Core.Journeys.JourneyMembership.New("old-member") with { ActiveInstanceId = instanceId, Runs = 1, LastInstanceId = instanceId }, default, Ct);

        var first = new StringWriter();
        await MigrateCommand.RunAsync(path.Services, first, Ct);
        var second = new StringWriter();
        await MigrateCommand.RunAsync(path.Services, second, Ct);

        Assert.Contains("migrate: enrollment markers: 4 of 4 shards, 1 members read, 1 marked", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("enrollment markers 0 of 1", second.ToString(), StringComparison.Ordinal);
        var ingested = await path.Services.GetRequiredService<Reactivation.Infra.Ingestion.ActivityIngestor>().IngestAsync(
            [new Reactivation.Core.Activity.ActivityEvent("m1", "old-member", Reactivation.Core.Activity.ActivityType.Login, at)], Ct);
        Assert.Contains("old-member", ingested.Enrolled);

        Assert.Contains("migrate: consent: 2 rows read, 2 copied, 0 already there", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("migrate: contactledger: 1 rows read, 1 copied", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("migrate: contactblocks: 1 rows read, 1 copied", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("migrate: profile mirrors: 4 of 4 shards, 2 profiles read, 1 mirrored", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("migrated: consent 0 of 2, contactledger 0 of 1, contactblocks 0 of 1, profile mirrors 0 of 3, enrollment markers 0 of 1", second.ToString(), StringComparison.Ordinal);

        var flags = await path.Services.GetRequiredService<ConsentFlags>().GetAsync("old-user", Ct);
        Assert.Equal(
            [(Channel.Email, ConsentState.OptedOut, "smsKeyword", "TD"), (Channel.Sms, ConsentState.OptedIn, "api", (string?)null)],
            flags.OrderBy(f => f.Channel.ToString(), StringComparer.Ordinal).Select(f => (f.Channel, f.State, f.Source, f.Evidence)));
        var (touches, engaged) = await path.Services.GetRequiredService<ContactLedger>().ReadAsync("old-user", at.AddDays(-30), Ct);
        Assert.Equal(["old~1", "old~2"], touches.Select(t => t.SendKey).Order(StringComparer.Ordinal));
        Assert.Equal(at.AddDays(-1), engaged);
        Assert.Equal("Bounced", await path.Services.GetRequiredService<ContactBlocks>().ReasonAsync("old-user", Channel.Email, "old@example.com", Ct));
        var snapshot = await path.Services.GetRequiredService<ContactState>().ReadAsync("old-user", Ct);
        Assert.Equal(("+8613900000009", "Asia/Shanghai", "CN"), (snapshot.Profile!.Contact.Phone, snapshot.Profile.Contact.TimeZone, snapshot.Profile.Contact.Region));
        Assert.Equal((2, 1, 2), (snapshot.Consent.Count, snapshot.Blocks.Count, snapshot.Ledger.Touches.Count));

        // The migrated state drives a send: the SMS opt-in lets it go, and the two touches of the last week defer nothing
        // but count: one more in the window and the cap of two is reached.
        var result = await path.Channel.SendAsync(path.Sms("old-user"), Ct);
        Assert.Equal(SendStatus.Deferred, result.Status);
        Assert.Contains("frequencyCap", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migration_never_replaces_a_consent_choice_or_block_the_app_recorded_after_the_deployment()
    {
        await using var path = await SendPath.StartAsync(azurite, shards: 1, Ct);
        var at = path.Clock.GetUtcNow();
        await WriteOldRowsAsync(path, at);
        await path.Services.GetRequiredService<ConsentFlags>().SetAsync("old-user", new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedOut, "preferences", null, at), Ct);
        await path.Services.GetRequiredService<ContactBlocks>().BlockAsync("old-user", Channel.Email, "new@example.com", "Suppressed", Ct);

        await MigrateCommand.RunAsync(path.Services, new StringWriter(), Ct);

        var sms = await path.Services.GetRequiredService<ConsentFlags>().GetAsync("old-user", Channel.Sms, TemplatePurpose.Marketing, Ct);
        Assert.Equal((ConsentState.OptedOut, "preferences"), (sms!.State, sms.Source));
        var blocks = path.Services.GetRequiredService<ContactBlocks>();
        Assert.Equal(("Suppressed", (string?)null), (await blocks.ReasonAsync("old-user", Channel.Email, "new@example.com", Ct), await blocks.ReasonAsync("old-user", Channel.Email, "old@example.com", Ct)));
    }

    // The old layout as the previous version wrote it: one table each for consent, the contact ledger and blocks, and
    // profiles with no mirror (one with contact points, one with none, which needs no mirror).
    private static async Task WriteOldRowsAsync(SendPath path, DateTimeOffset at)
    {
        var account = path.Services.GetRequiredService<StorageAccount>();
        var consent = await account.TableAsync("consent", Ct);
        await consent.AddEntityAsync(new TableEntity("old-user", "Sms~Marketing") { ["State"] = "OptedIn", ["Source"] = "api", ["At"] = at.AddDays(-60) }, Ct);
        await consent.AddEntityAsync(new TableEntity("old-user", "Email~Marketing") { ["State"] = "OptedOut", ["Source"] = "smsKeyword", ["Evidence"] = "TD", ["At"] = at.AddDays(-50) }, Ct);
        var ledger = await account.TableAsync("contactledger", Ct);
        await ledger.AddEntityAsync(new TableEntity("old-user", "ledger")
        {
            ["Ledger"] = $$"""{"touches":[{"key":"old~1","channel":"sms","journey":"old","at":"{{at.AddDays(-3):O}}"},{"key":"old~2","channel":"email","journey":"old","at":"{{at.AddDays(-2):O}}"}],"engagedAt":"{{at.AddDays(-1):O}}"}""",
        }, Ct);
        var blocks = await account.TableAsync("contactblocks", Ct);
        await blocks.AddEntityAsync(new TableEntity("old-user", "Email") { ["Address"] = "old@example.com", ["Reason"] = "Bounced", ["BlockedAt"] = at.AddDays(-5) }, Ct);
        var shards = account.Options.ShardCount;
        await (await account.ProfilesAsync(ShardMap.ShardOf("old-user", shards), Ct)).AddEntityAsync(ProfileEntity.ToEntity(new UserProfile
        {
            UserId = "old-user",
            Contact = new ContactPoints("+8613900000009", "old@example.com", "Asia/Shanghai", "zh-CN", "CN"),
        }), Ct);
        await (await account.ProfilesAsync(ShardMap.ShardOf("events-only", shards), Ct)).AddEntityAsync(ProfileEntity.ToEntity(new UserProfile { UserId = "events-only" }), Ct);
    }
}
