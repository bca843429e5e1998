using System.Text.Json.Nodes;

namespace Reactivation.Functions.Hosting;

/// <summary>The queue settings of <c>host.json</c> (copied next to the executable), which the local host's poller obeys as the Functions host does.</summary>
/// <param name="MaxDequeueCount">Attempts before a message is moved to its poison queue.</param>
/// <param name="BatchSize">Messages fetched at once per queue.</param>
public sealed record HostJson(int MaxDequeueCount, int BatchSize)
{
    /// <summary>The Functions host's defaults, for a host.json that does not set them.</summary>
    public static readonly HostJson Defaults = new(5, 16);

    /// <summary>Reads <c>host.json</c> beside the executable.</summary>
    /// <exception cref="InvalidOperationException">It is missing or not JSON.</exception>
    public static HostJson Load() => Parse(File.Exists(PathBeside) ? File.ReadAllText(PathBeside) : throw new InvalidOperationException($"host.json is missing beside the executable ({PathBeside})"));

    /// <summary>The queue settings in <paramref name="json"/>.</summary>
    public static HostJson Parse(string json)
    {
        var queues = JsonNode.Parse(json)?["extensions"]?["queues"];
        return new HostJson(
            queues?["maxDequeueCount"]?.GetValue<int>() ?? Defaults.MaxDequeueCount,
            queues?["batchSize"]?.GetValue<int>() ?? Defaults.BatchSize);
    }

    private static string PathBeside => Path.Combine(AppContext.BaseDirectory, "host.json");
}
