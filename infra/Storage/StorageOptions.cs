namespace Reactivation.Infra.Storage;

/// <summary>Where state lives.</summary>
public sealed record StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary>One connection string for Table and Queue storage (Azurite locally).</summary>
    /// <value>Required unless <see cref="AccountName"/> is set. <c>UseDevelopmentStorage=true</c> means Azurite on its default ports.</value>
    public string ConnectionString { get; init; } = "";

    /// <summary>
    /// The storage account's name, reached through Entra ID (the app's managed identity; <c>AZURE_CLIENT_ID</c> picks a
    /// user-assigned one) instead of a connection string: what a deployment with shared-key access off uses.
    /// </summary>
    /// <value>Empty; used only when <see cref="ConnectionString"/> is empty.</value>
    public string AccountName { get; init; } = "";

    /// <summary>True when storage is reached through Entra ID by account name rather than with a connection string.</summary>
    public bool UsesIdentity => string.IsNullOrWhiteSpace(ConnectionString) && !string.IsNullOrWhiteSpace(AccountName);

    /// <summary>The table service's address for <see cref="AccountName"/>.</summary>
    public Uri TableEndpoint => new($"https://{AccountName}.table.core.windows.net");

    /// <summary>The queue service's address for <see cref="AccountName"/>.</summary>
    public Uri QueueEndpoint => new($"https://{AccountName}.queue.core.windows.net");

    /// <summary>How many shards users are spread over; fixed for the life of a deployment.</summary>
    /// <value>64.</value>
    public int ShardCount { get; init; } = 64;

    /// <summary>A prefix for every table and queue name, so several environments (or test runs) share one account.</summary>
    /// <value>Empty. Lower-case letters and digits only.</value>
    public string Prefix { get; init; } = "";

    /// <summary>How many storage calls one process keeps in flight for bulk work (ingestion, sweeps, enqueues).</summary>
    /// <value>16.</value>
    public int Parallelism { get; init; } = 16;

    /// <summary>
    /// True when the connection string points at the storage emulator on this machine (<c>UseDevelopmentStorage=true</c>,
    /// or every endpoint it names on a loopback host). Everything else is a deployment, and production's rules apply:
    /// nothing in Azure can reach a loopback storage account, so this cannot be true by accident there.
    /// </summary>
    public bool IsLocalEmulator
    {
        get
        {
            var parts = ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(part => part.Split('=', 2))
                .Where(kv => kv.Length == 2)
                .ToLookup(kv => kv[0], kv => kv[1], StringComparer.OrdinalIgnoreCase);
            if (parts["UseDevelopmentStorage"].Any(v => v.Equals("true", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            var endpoints = new[] { "TableEndpoint", "QueueEndpoint", "BlobEndpoint" }.SelectMany(name => parts[name]).ToArray();
            return endpoints.Length > 0 && endpoints.All(e => Uri.TryCreate(e, UriKind.Absolute, out var uri) && uri.IsLoopback);
        }
    }

    /// <summary>Returns every problem with the options, empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(AccountName))
        {
            problems.Add("Storage:ConnectionString or Storage:AccountName is required (UseDevelopmentStorage=true for Azurite on its default ports)");
        }

        if (UsesIdentity && (AccountName.Length is < 3 or > 24 || AccountName.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))))
        {
            problems.Add($"Storage:AccountName must be a storage account name: 3 to 24 lower-case letters and digits (was '{AccountName}')");
        }

        if (ShardCount is < 1 or > Core.Sharding.ShardMap.MaxShards)
        {
            problems.Add($"Storage:ShardCount must be 1 to {Core.Sharding.ShardMap.MaxShards} (was {ShardCount})");
        }

        if (Prefix.Length > 20 || Prefix.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))) || (Prefix.Length > 0 && !char.IsAsciiLetterLower(Prefix[0])))
        {
            problems.Add($"Storage:Prefix must be up to 20 lower-case letters and digits, starting with a letter (was '{Prefix}')");
        }

        if (Parallelism is < 1 or > 256)
        {
            problems.Add($"Storage:Parallelism must be 1 to 256 (was {Parallelism})");
        }

        return problems;
    }
}
