using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Functions.Durable;
using Xunit;

namespace Reactivation.Functions.Tests.Durable;

/// <summary>Task hub options are checked all at once, before anything touches storage, with one readable message naming every problem.</summary>
public sealed class TaskHubOptionsTests
{
    private const string Local = "UseDevelopmentStorage=true";

    [Fact]
    public void Every_problem_with_the_options_is_listed_in_one_message()
    {
        var options = new TaskHubOptions
        {
            HubName = "9-lives",
            PartitionCount = 17,
            MaxConcurrentOrchestrationWorkItems = 0,
            MaxConcurrentActivityWorkItems = -1,
            MaxQueuePollingInterval = TimeSpan.Zero,
            ControlQueueVisibilityTimeout = TimeSpan.Zero,
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(-1),
            ExtendedSessionIdleTimeout = TimeSpan.Zero,
            PartitionTableOperationTimeout = TimeSpan.Zero,
            ConnectionString = "",
        };

        var failure = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddLocalDurableTask(options, _ => { }));

        Assert.Equal(
            string.Join(
                Environment.NewLine,
                "invalid task hub options:",
                "  - DurableTask:HubName must be 3 to 45 letters and digits, starting with a letter (was '9-lives')",
                "  - DurableTask:PartitionCount must be 1 to 16 (was 17)",
                "  - DurableTask:MaxConcurrentOrchestrationWorkItems must be at least 1 (was 0)",
                "  - DurableTask:MaxConcurrentActivityWorkItems must be at least 1 (was -1)",
                "  - DurableTask:MaxQueuePollingInterval must be more than zero (was 00:00:00)",
                "  - DurableTask:ControlQueueVisibilityTimeout must be more than zero (was 00:00:00)",
                "  - DurableTask:WorkItemQueueVisibilityTimeout must be more than zero (was -00:00:01)",
                "  - DurableTask:ExtendedSessionIdleTimeout must be more than zero (was 00:00:00)",
                "  - DurableTask:PartitionTableOperationTimeout must be more than zero (was 00:00:00)",
                "  - DurableTask:ConnectionString is required (UseDevelopmentStorage=true for Azurite on its default ports)"),
            failure.Message);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("a234567890123456789012345678901234567890123456")]
    [InlineData("Hub_Name")]
    [InlineData("hub-name")]
    [InlineData("1hub")]
    [InlineData("")]
    public void A_hub_name_outside_durable_functions_rules_is_refused(string name) =>
        Assert.Equal(
            [$"DurableTask:HubName must be 3 to 45 letters and digits, starting with a letter (was '{name}')"],
            new TaskHubOptions { HubName = name, ConnectionString = Local }.Validate());

    [Theory]
    [InlineData("abc")]
    [InlineData("Reactivation2")]
    [InlineData("a23456789012345678901234567890123456789012345")]
    public void A_hub_name_durable_functions_accepts_is_accepted(string name) =>
        Assert.Empty(new TaskHubOptions { HubName = name, ConnectionString = Local }.Validate());

    [Fact]
    public void A_connection_string_naming_some_endpoints_but_not_blob_is_refused_before_leases_go_to_the_public_cloud()
    {
        var options = new TaskHubOptions
        {
            ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;" +
                "QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;",
        };

        Assert.Equal(
            ["DurableTask:ConnectionString names QueueEndpoint and TableEndpoint but not BlobEndpoint: the task hub uses Blob, Queue and Table storage, so give all three endpoints or none"],
            options.Validate());
    }

    [Fact]
    public void The_defaults_with_a_connection_string_are_valid_and_are_the_providers_defaults_but_for_a_partition_table_timeout_azurite_can_meet_and_extended_sessions()
    {
        var options = new TaskHubOptions { ConnectionString = Local };

        Assert.Same(options, options.EnsureValid());
        var provider = new DurableTask.AzureStorage.AzureStorageOrchestrationServiceSettings();
        Assert.Equal(
            (provider.PartitionCount, provider.MaxConcurrentTaskOrchestrationWorkItems, provider.MaxConcurrentTaskActivityWorkItems, provider.MaxQueuePollingInterval,
                provider.ControlQueueVisibilityTimeout, provider.WorkItemQueueVisibilityTimeout),
            (options.PartitionCount, options.MaxConcurrentOrchestrationWorkItems, options.MaxConcurrentActivityWorkItems, options.MaxQueuePollingInterval,
                options.ControlQueueVisibilityTimeout, options.WorkItemQueueVisibilityTimeout));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30)), (provider.PartitionTableOperationTimeout, options.PartitionTableOperationTimeout));
        Assert.Equal((false, true), (provider.ExtendedSessionsEnabled, options.ExtendedSessions));
        Assert.Equal(provider.ExtendedSessionIdleTimeout, options.ExtendedSessionIdleTimeout);
        var settings = LocalDurableTask.Settings(options with { ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(7) }, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        Assert.Equal(
            (options.ControlQueueVisibilityTimeout, options.PartitionTableOperationTimeout, true, TimeSpan.FromSeconds(7)),
            (settings.ControlQueueVisibilityTimeout, settings.PartitionTableOperationTimeout, settings.ExtendedSessionsEnabled, settings.ExtendedSessionIdleTimeout));
    }

    [Theory]
    [InlineData(null, null, "", "Reactivation")]
    [InlineData(null, null, "demo1", "Reactivationdemo1")]
    [InlineData(null, "ProdHub", "demo1", "ProdHub")]
    [InlineData("Mine", "ProdHub", "demo1", "Mine")]
    public void The_local_hub_is_the_one_named_else_the_functions_setting_else_one_per_storage_prefix(string? hubName, string? journeyTaskHub, string prefix, string expected)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DurableTask:HubName"] = hubName, ["JourneyTaskHub"] = journeyTaskHub })
            .Build();

        var options = TaskHubOptions.From(configuration, new Reactivation.Infra.Storage.StorageOptions { ConnectionString = Local, Prefix = prefix });

        Assert.Equal((expected, Local), (options.HubName, options.ConnectionString));
    }
}
