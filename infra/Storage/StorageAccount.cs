using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Reactivation.Infra.Storage;

/// <summary>Hands out table and queue clients for one storage account and environment prefix, creating them once.</summary>
/// <remarks>
/// Queue clients use Base64 message encoding, the Functions queue trigger's default (host.json says so explicitly), so
/// messages this app enqueues are readable by the trigger in Azure and by the local poller alike.
/// </remarks>
public sealed class StorageAccount
{
    private readonly TableServiceClient _tables;
    private readonly QueueServiceClient _queues;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tableClients = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queueClients = new();

    /// <summary>Creates the account from validated options.</summary>
    public StorageAccount(StorageOptions options)
        : this(options, null)
    {
    }

    /// <summary>Creates the account with an extra pipeline policy on every request (the benchmark counts storage operations with one).</summary>
    public StorageAccount(StorageOptions options, HttpPipelinePolicy? perCallPolicy)
    {
        Options = options;
        var tableOptions = new TableClientOptions();
        tableOptions.Retry.MaxRetries = 5;
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.Retry.MaxRetries = 5;
        if (perCallPolicy is not null)
        {
            tableOptions.AddPolicy(perCallPolicy, HttpPipelinePosition.PerCall);
            queueOptions.AddPolicy(perCallPolicy, HttpPipelinePosition.PerCall);
        }

        if (options.UsesIdentity)
        {
            var identity = new Azure.Identity.DefaultAzureCredential();
            _tables = new TableServiceClient(options.TableEndpoint, identity, tableOptions);
            _queues = new QueueServiceClient(options.QueueEndpoint, identity, queueOptions);
        }
        else
        {
            _tables = new TableServiceClient(options.ConnectionString, tableOptions);
            _queues = new QueueServiceClient(options.ConnectionString, queueOptions);
        }
    }

    /// <summary>The options in force.</summary>
    public StorageOptions Options { get; }

    /// <summary>The profile table of a shard.</summary>
    public Task<TableClient> ProfilesAsync(int shard, CancellationToken cancellationToken = default) =>
        TableAsync($"profiles{shard:D4}", cancellationToken);

    /// <summary>The raw event table of a shard.</summary>
    public Task<TableClient> EventsAsync(int shard, CancellationToken cancellationToken = default) =>
        TableAsync($"events{shard:D4}", cancellationToken);

    /// <summary>
    /// The contact-state table of a shard: one partition per user holding what a send needs (consent, contact ledger,
    /// contact blocks, the profile's contact mirror), so the contact policy reads it with one partition query.
    /// </summary>
    public Task<TableClient> ContactsAsync(int shard, CancellationToken cancellationToken = default) =>
        TableAsync($"contacts{shard:D4}", cancellationToken);

    /// <summary>The sweep table (runs, shard checkpoints, packed results).</summary>
    public Task<TableClient> SweepsAsync(CancellationToken cancellationToken = default) => TableAsync("sweeps", cancellationToken);

    /// <summary>A table by its base name, created on first use.</summary>
    /// <remarks>Creation is shared by every caller, so it is not cancelled by the first caller's token.</remarks>
    public Task<TableClient> TableAsync(string name, CancellationToken cancellationToken = default) =>
        WaitAsync(
        _tableClients.GetOrAdd(Options.Prefix + name, full => new Lazy<Task<TableClient>>(async () =>
        {
            var client = _tables.GetTableClient(full);
            await client.CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
            return client;
        })).Value, cancellationToken);

    /// <summary>A queue by its base name, created on first use.</summary>
    public Task<QueueClient> QueueAsync(string name, CancellationToken cancellationToken = default) =>
        WaitAsync(
        _queueClients.GetOrAdd(QueueName(name), full => new Lazy<Task<QueueClient>>(async () =>
        {
            var client = _queues.GetQueueClient(full);
            await client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return client;
        })).Value, cancellationToken);

    /// <summary>The full name of a queue in this environment.</summary>
    public string QueueName(string name) => Options.Prefix.Length == 0 ? name : $"{Options.Prefix}-{name}";

    private static Task<T> WaitAsync<T>(Task<T> creation, CancellationToken cancellationToken) => creation.WaitAsync(cancellationToken);
}
