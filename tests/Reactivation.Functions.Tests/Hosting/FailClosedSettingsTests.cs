using Microsoft.Extensions.Configuration;
using Reactivation.Core.Journeys;
using Reactivation.Core.Profiles;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Hosting;

/// <summary>
/// A deployment (storage that is not the local emulator) fails closed: no silent outbox standing in for a missing
/// provider, no open delivery-report endpoint, no channel the deployment cannot send on.
/// </summary>
public sealed class FailClosedSettingsTests
{
    private const string AzureStorage = "DefaultEndpointsProtocol=https;AccountName=reactprod;AccountKey=cHJvZHVjdGlvbi1rZXktbm90LXJlYWwtMDEyMzQ1Njc4OQ==;EndpointSuffix=core.windows.net";
    private const string Azurite =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";
    private const string Acs = "endpoint=https://react.communication.azure.com/;accesskey=YWNzLWtleS1ub3QtcmVhbC0wMTIzNDU2Nzg5";

    [Theory]
    [InlineData("UseDevelopmentStorage=true", true)]
    [InlineData(Azurite, true)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=a;AccountKey=a2V5;TableEndpoint=http://localhost:10002/a;QueueEndpoint=http://[::1]:10001/a", true)]
    [InlineData(AzureStorage, false)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=a;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:10002/a;QueueEndpoint=https://a.queue.core.windows.net", false)]
    [InlineData("AccountName=devstoreaccount1;AccountKey=a2V5", false)]
    public void Only_storage_on_this_machine_counts_as_local(string connectionString, bool local) =>
        Assert.Equal(local, new StorageOptions { ConnectionString = connectionString }.IsLocalEmulator);

    [Fact]
    public void A_deployment_with_no_provider_refuses_to_start_instead_of_answering_sent_from_the_outbox()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Load(AzureStorage));

        Assert.Contains("no channel can send: set Acs:ConnectionString (SMS and email) or Webhook:Url", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_azure_the_fail_closed_rules_apply_even_on_emulator_storage_and_the_queues_must_be_the_triggers_own()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Load("UseDevelopmentStorage=true",
            ("WEBSITE_INSTANCE_ID", "0123abcd"), ("Storage:Prefix", "staging"), ("AzureWebJobsStorage", AzureStorage)));
        var local = Load("UseDevelopmentStorage=true");

        Assert.Contains("no channel can send", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Prefix must be empty in Azure", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:ConnectionString must be the AzureWebJobsStorage account in Azure", failure.Message, StringComparison.Ordinal);
        Assert.Contains("JourneyTaskHub must name the journeys' Durable task hub in Azure", failure.Message, StringComparison.Ordinal);
        Assert.False(local.InAzure || local.Deployed);
    }

    [Fact]
    public void In_azure_storage_falls_back_to_the_functions_host_account()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WEBSITE_SITE_NAME"] = "reactivation-prod", ["AzureWebJobsStorage"] = AzureStorage, ["JourneyTaskHub"] = "reactivationprod", ["Webhook:Url"] = "https://hooks.example.com/send",
            ["Webhook:Secret"] = "webhook-secret-of-thirty-two-characters!",
        }).Build();

        var loaded = AppSettings.Load(settings);

        Assert.True(loaded.InAzure && loaded.Deployed);
        Assert.Equal(AzureStorage, loaded.Storage.ConnectionString);
    }

    [Fact]
    public void In_azure_with_the_hosts_identity_based_storage_the_app_reaches_the_same_account_through_entra_id()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WEBSITE_SITE_NAME"] = "reactivation-prod", ["AzureWebJobsStorage:accountName"] = "streactivation01", ["JourneyTaskHub"] = "reactivationprod",
            ["Webhook:Url"] = "https://hooks.example.com/send", ["Webhook:Secret"] = "webhook-secret-of-thirty-two-characters!",
            ["Offers:CouponSecret"] = "coupon-secret-of-thirty-two-characters!!",
        }).Build();

        var loaded = AppSettings.Load(settings);

        Assert.Equal((true, "streactivation01", ""), (loaded.Storage.UsesIdentity, loaded.Storage.AccountName, loaded.Storage.ConnectionString));
        Assert.Equal(new Uri("https://streactivation01.table.core.windows.net"), loaded.Storage.TableEndpoint);
        Assert.Equal(new Uri("https://streactivation01.queue.core.windows.net"), loaded.Storage.QueueEndpoint);
        Assert.False(loaded.Storage.IsLocalEmulator);
    }

    [Fact]
    public void In_azure_the_app_refuses_a_storage_connection_string_or_another_account_beside_the_hosts_identity_based_one()
    {
        var keyed = Assert.Throws<InvalidOperationException>(() => Load(AzureStorage, ("WEBSITE_SITE_NAME", "prod"), ("AzureWebJobsStorage:accountName", "streactivation01")));
        var other = Assert.Throws<InvalidOperationException>(() => AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WEBSITE_SITE_NAME"] = "prod", ["AzureWebJobsStorage:accountName"] = "streactivation01", ["Storage:AccountName"] = "stother",
        }).Build()));

        Assert.All(new[] { keyed, other }, failure => Assert.Contains("Storage must be the AzureWebJobsStorage__accountName account in Azure", failure.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Streactivation")]
    [InlineData("st-reactivation")]
    public void A_storage_account_name_that_azure_would_refuse_is_refused_at_startup(string name)
    {
        var problems = new StorageOptions { AccountName = name }.Validate();

        Assert.Contains(problems, p => p.StartsWith("Storage:AccountName must be a storage account name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("reactivation1", true)]
    [InlineData("ab", false)]
    [InlineData("1hub", false)]
    [InlineData("task-hub", false)]
    [InlineData("a23456789012345678901234567890123456789012345", true)]
    [InlineData("a234567890123456789012345678901234567890123456", false)]
    public void A_task_hub_name_is_three_to_forty_five_letters_and_digits_starting_with_a_letter(string name, bool valid) =>
        Assert.Equal(valid, TaskHubName.IsValid(name));

    [Fact]
    public void A_deployment_with_acs_needs_the_event_grid_key()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Load(AzureStorage, ("Acs:ConnectionString", Acs), ("Acs:SmsFrom", "+18005550100"), ("Acs:EmailSender", "no-reply@shop.example.com")));

        Assert.Contains("Acs:EventGridKey is required when deployed", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no channel can send", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deployment_with_acs_and_its_event_grid_key_sends_sms_and_email_only_and_keeps_no_outbox()
    {
        var settings = Load(AzureStorage, ("Acs:ConnectionString", Acs), ("Acs:SmsFrom", "+18005550100"), ("Acs:EmailSender", "no-reply@shop.example.com"),
            ("Acs:EventGridKey", "event-grid-key-0123456789"));

        Assert.True(settings.Deployed);
        Assert.False(settings.Channels.Outbox);
        Assert.Equal([Channel.Sms, Channel.Email], settings.Channels.Channels.Order());
    }

    [Fact]
    public void A_deployment_keeps_the_outbox_only_when_it_is_set_on_purpose()
    {
        var settings = Load(AzureStorage, ("Messaging:UseLocalOutbox", "true"));

        Assert.True(settings.Channels.Outbox);
        Assert.Equal([Channel.Sms, Channel.Email, Channel.Webhook], settings.Channels.Channels.Order());
    }

    [Fact]
    public void Locally_the_outbox_stands_in_for_missing_providers_unless_turned_off()
    {
        Assert.True(Load(Azurite).Channels.Outbox);
        var off = Load(Azurite, ("Messaging:UseLocalOutbox", "false"));
        Assert.False(off.Channels.Outbox);
        Assert.Empty(off.Channels.Channels);
    }

    [Fact]
    public void A_webhook_without_acs_makes_the_webhook_the_only_channel()
    {
        var settings = Load(AzureStorage, ("Webhook:Url", "https://push.shop.example.com/send"), ("Webhook:Secret", new string('s', 32)));

        Assert.Equal([Channel.Webhook], settings.Channels.Channels);
    }

    [Fact]
    public void The_send_attempt_timeout_must_hold_the_longest_acs_attempt_and_the_reconciliation_wait_must_outlast_it()
    {
        var acs = new[] { ("Acs:ConnectionString", Acs), ("Acs:SmsFrom", "+18005550100"), ("Acs:EmailSender", "no-reply@shop.example.com") };

        var fits = Load(Azurite, acs);
        var pollTooLong = Assert.Throws<InvalidOperationException>(() => Load(Azurite, [.. acs, ("Acs:EmailPollTimeout", "00:10:00")]));
        var reconciledTooSoon = Assert.Throws<InvalidOperationException>(() => Load(Azurite, ("Journeys:SendTimeout", "00:02:00"), ("Journeys:SendAttemptTimeout", "00:03:00")));

        Assert.True(fits.Acs.LongestAttempt <= fits.Journeys.SendAttemptTimeout, $"{fits.Acs.LongestAttempt} > {fits.Journeys.SendAttemptTimeout}");
        Assert.Contains("Journeys:SendAttemptTimeout (00:05:00) is shorter than the longest ACS attempt (00:13:45", pollTooLong.Message, StringComparison.Ordinal);
        Assert.Contains("Journeys:SendTimeout (00:02:00) must be longer than Journeys:SendAttemptTimeout (00:03:00)", reconciledTooSoon.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+8613800138000", "a@example.com", "Sms,Email,Webhook", "Sms,Email,Webhook")]
    [InlineData("+8613800138000", null, "Sms,Email,Webhook", "Sms,Webhook")]
    [InlineData(null, "a@example.com", "Sms,Email", "Email")]
    [InlineData("+8613800138000", "a@example.com", "Webhook", "Webhook")]
    [InlineData(null, null, "Sms,Email", "")]
    public void A_user_is_reachable_on_a_channel_only_when_the_deployment_sends_on_it_and_the_user_has_what_it_needs(
        string? phone, string? email, string configured, string expected)
    {
        var channels = configured.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Channel>).ToHashSet();

        var reachable = Reachability.Of(new ContactPoints(phone, email, null, null, null), channels);

        Assert.Equal(expected, string.Join(',', reachable));
    }

    private static AppSettings Load(string storage, params (string Key, string Value)[] extra)
    {
        var values = new Dictionary<string, string?> { ["Storage:ConnectionString"] = storage };
        foreach (var (key, value) in extra)
        {
            values[key] = value;
        }

        return AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
