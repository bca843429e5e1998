namespace Reactivation.Functions.Durable;

/// <summary>
/// The task hub the local host runs journeys' orchestrations on: the Durable Task Framework's Azure Storage provider,
/// with the same names and limits Durable Functions' <c>host.json</c> (<c>extensions.durableTask</c>) gives in Azure.
/// </summary>
public sealed record TaskHubOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DurableTask";

    /// <summary>The most partitions (control queues) the Azure Storage provider supports.</summary>
    public const int MaxPartitionCount = 16;

    /// <summary>
    /// The task hub's name: the prefix of its tables (<c>{hub}History</c>, <c>{hub}Instances</c>), queues
    /// (<c>{hub}-control-00</c>, <c>{hub}-workitems</c>) and lease container. Two hosts on one storage account share
    /// orchestrations exactly when they use the same name.
    /// </summary>
    /// <value><c>Reactivation</c>. 3 to 45 letters and digits, starting with a letter (Durable Functions' rule).</value>
    public string HubName { get; init; } = "Reactivation";

    /// <summary>How many control queues orchestrations are spread over; fixed once the task hub exists.</summary>
    /// <value>4 (the provider's default). 1 to 16.</value>
    public int PartitionCount { get; init; } = 4;

    /// <summary>How many orchestration work items (replays) one host runs at once.</summary>
    /// <value>100 (the provider's default). At least 1.</value>
    public int MaxConcurrentOrchestrationWorkItems { get; init; } = 100;

    /// <summary>How many activities one host runs at once.</summary>
    /// <value>10 (the provider's default). At least 1.</value>
    public int MaxConcurrentActivityWorkItems { get; init; } = 10;

    /// <summary>
    /// The longest an idle host waits between polls of its queues: the worst-case delay before it notices new work
    /// (a due timer, a raised event) after a quiet spell, traded against storage transactions.
    /// </summary>
    /// <value>30 seconds (the provider's default). More than zero.</value>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a message a host took off a control queue stays hidden from other hosts: the time a host that died with
    /// it (killed, crashed, its machine lost) holds up the instances it was running before another host replays them.
    /// </summary>
    /// <value>5 minutes (the provider's default). More than zero.</value>
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long an activity message a host took stays hidden: the time before an activity whose host died runs again
    /// elsewhere. An activity running longer than this may run twice at once; ours take seconds.
    /// </summary>
    /// <value>5 minutes (the provider's default). More than zero.</value>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the provider's partition manager waits for one read-and-write of its partition table before it gives
    /// up and tries again. The provider's 2 seconds guard against a storage client hung in its own retries in Azure; an
    /// Azurite busy with the app's own work (a time-lapse, a load run) answers slower than that, and a manager that
    /// keeps giving up never claims or renews its partitions, so no orchestration moves until the machine is quiet.
    /// </summary>
    /// <value>30 seconds. More than zero.</value>
    public TimeSpan PartitionTableOperationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether an orchestration stays loaded in memory between its episodes (the provider's extended sessions), so its
    /// next episode does not read its whole history again. On Azurite every history read scans the hub's whole history
    /// table (the emulator filters rows in JavaScript, not by partition), so without sessions the cost of a step grows
    /// with every instance ever run, and a busy hub stalls: the journeys benchmark ran at 0.32 to 0.52 of bare Durable
    /// Task without them and at about 1 with them (README, "Journey steps"). A killed host loses only its sessions: the
    /// next host reads the history, as it would anyway.
    /// </summary>
    /// <value>True. Durable Functions' <c>extendedSessionsEnabled</c>.</value>
    public bool ExtendedSessions { get; init; } = true;

    /// <summary>How long a loaded orchestration waits for its next message before its session ends.</summary>
    /// <value>30 seconds (the provider's default). More than zero.</value>
    public TimeSpan ExtendedSessionIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The storage account holding the task hub (Blob, Queue and Table).</summary>
    /// <value>Required. <c>UseDevelopmentStorage=true</c> means Azurite on its default ports.</value>
    public string ConnectionString { get; init; } = "";

    /// <summary>
    /// The options as the local host reads them: the <c>DurableTask</c> section, with the hub named by
    /// <c>JourneyTaskHub</c> (the setting host.json reads in Azure) unless the section names one, else one named after
    /// <c>Storage:Prefix</c> (so two apps that keep their tables apart on one account keep their orchestrations apart
    /// too); and the app's storage account unless the section names another.
    /// </summary>
    public static TaskHubOptions From(IConfiguration configuration, Infra.Storage.StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(storage);
        var options = configuration.GetSection(Section).Get<TaskHubOptions>() ?? new TaskHubOptions();
        return options with
        {
            HubName = configuration[$"{Section}:HubName"] ?? configuration["JourneyTaskHub"] ?? HubFor(storage.Prefix),
            ConnectionString = string.IsNullOrWhiteSpace(options.ConnectionString) ? storage.ConnectionString : options.ConnectionString,
        };
    }

    /// <summary>The default hub for a storage prefix: <c>Reactivation</c> followed by the prefix's letters and digits.</summary>
    public static string HubFor(string? prefix)
    {
        var name = "Reactivation" + string.Concat((prefix ?? "").Where(char.IsAsciiLetterOrDigit));
        return name.Length <= 45 ? name : name[..45];
    }

    /// <summary>Returns every problem with the options, empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (HubName.Length is < 3 or > 45 || !char.IsAsciiLetter(HubName.FirstOrDefault()) || !HubName.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add($"{Section}:HubName must be 3 to 45 letters and digits, starting with a letter (was '{HubName}')");
        }

        if (PartitionCount is < 1 or > MaxPartitionCount)
        {
            problems.Add($"{Section}:PartitionCount must be 1 to {MaxPartitionCount} (was {PartitionCount})");
        }

        if (MaxConcurrentOrchestrationWorkItems < 1)
        {
            problems.Add($"{Section}:MaxConcurrentOrchestrationWorkItems must be at least 1 (was {MaxConcurrentOrchestrationWorkItems})");
        }

        if (MaxConcurrentActivityWorkItems < 1)
        {
            problems.Add($"{Section}:MaxConcurrentActivityWorkItems must be at least 1 (was {MaxConcurrentActivityWorkItems})");
        }

        if (MaxQueuePollingInterval <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:MaxQueuePollingInterval must be more than zero (was {MaxQueuePollingInterval:c})");
        }

        if (ControlQueueVisibilityTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:ControlQueueVisibilityTimeout must be more than zero (was {ControlQueueVisibilityTimeout:c})");
        }

        if (WorkItemQueueVisibilityTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:WorkItemQueueVisibilityTimeout must be more than zero (was {WorkItemQueueVisibilityTimeout:c})");
        }

        if (ExtendedSessionIdleTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:ExtendedSessionIdleTimeout must be more than zero (was {ExtendedSessionIdleTimeout:c})");
        }

        if (PartitionTableOperationTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:PartitionTableOperationTimeout must be more than zero (was {PartitionTableOperationTimeout:c})");
        }

        problems.AddRange(ConnectionStringProblems());
        return problems;
    }

    /// <summary>Returns these options when valid.</summary>
    /// <exception cref="InvalidOperationException">Some option is invalid; the message lists every problem.</exception>
    public TaskHubOptions EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0
            ? this
            : throw new InvalidOperationException("invalid task hub options:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
    }

    private IEnumerable<string> ConnectionStringProblems()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return $"{Section}:ConnectionString is required (UseDevelopmentStorage=true for Azurite on its default ports)";
            yield break;
        }

        var names = ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)[0])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        string[] endpoints = ["BlobEndpoint", "QueueEndpoint", "TableEndpoint"];
        var missing = endpoints.Where(e => !names.Contains(e)).ToList();

        // An endpoint left out of a connection string that names the others is not an error to the storage clients:
        // they derive it from the account name, i.e. the public cloud. The provider uses all three services, so a
        // local account missing one would quietly send its leases (blobs) somewhere else.
        if (missing.Count is > 0 and < 3)
        {
            yield return $"{Section}:ConnectionString names {string.Join(" and ", endpoints.Except(missing))} but not {string.Join(" or ", missing)}: " +
                "the task hub uses Blob, Queue and Table storage, so give all three endpoints or none";
        }
    }
}
