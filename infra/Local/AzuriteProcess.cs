using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Reactivation.Infra.Local;

/// <summary>
/// Starts the repository's pinned Azurite (from <c>node_modules</c>) on loopback, one process per service, and stops it
/// on dispose. Blobs and tables are kept in memory; queues in a folder of their own that goes with it.
/// </summary>
/// <remarks>
/// Used by the run command, the tests and the benchmark, each on ports of its own. Why not all in memory in one process:
/// Azurite's in-memory queue store keeps every message in an extent of its own, and its garbage collector, once a
/// minute, deletes the spent ones one at a time at a cost that grows with their number (quadratic), holding the whole
/// process while it does: a time-lapse that moved 7,000 queue messages in a minute stood frozen for 44 s. On disk the
/// messages share a few extents. One process per service also lets the tables and queues work on both cores.
/// </remarks>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly IReadOnlyList<Process> _processes;
    private readonly string _queueFolder;

    private AzuriteProcess(IReadOnlyList<Process> processes, string queueFolder, int blobPort, int queuePort, int tablePort)
    {
        _processes = processes;
        _queueFolder = queueFolder;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>The folder the queue service keeps its messages in; it goes on dispose.</summary>
    public string QueueFolder => _queueFolder;

    /// <summary>The blob service port (the Durable Task provider keeps its leases and large payloads in blobs).</summary>
    public int BlobPort { get; }

    /// <summary>The queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>The table service port.</summary>
    public int TablePort { get; }

    /// <summary>The connection string for this instance.</summary>
    public string ConnectionString => ConnectionStringFor("devstoreaccount1", AccountKey);

    /// <summary>The connection string for <paramref name="account"/> with <paramref name="key"/> (accounts given to <see cref="StartAsync"/>).</summary>
    public string ConnectionStringFor(string account, string key) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{account};QueueEndpoint=http://127.0.0.1:{QueuePort}/{account};TableEndpoint=http://127.0.0.1:{TablePort}/{account};";

    /// <summary>Starts Azurite's blob, queue and table services on free ports (the queue and table ones can be given) and waits until they answer.</summary>
    /// <param name="queuePort">The queue port, or null for a free one.</param>
    /// <param name="tablePort">The table port, or null for a free one.</param>
    /// <param name="accounts">Azurite's <c>AZURITE_ACCOUNTS</c> (<c>name:key1:key2;...</c>), or null for the development account only.</param>
    /// <param name="cancellationToken">Stops waiting for Azurite to answer.</param>
    /// <exception cref="InvalidOperationException">Azurite is not installed (run <c>npm ci</c>) or did not start.</exception>
    public static async Task<AzuriteProcess> StartAsync(int? queuePort = null, int? tablePort = null, string? accounts = null, CancellationToken cancellationToken = default)
    {
        var root = FindRepositoryRoot();
        var free = FreePorts(3);
        var queue = queuePort ?? free[0];
        var table = tablePort ?? free[1];
        var blob = free[2];
        var queueFolder = Directory.CreateTempSubdirectory("azurite-queues-").FullName;
        var errors = new System.Text.StringBuilder();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src");
        var processes = new[]
        {
            Start(root, Path.Combine(script, "blob", "main.js"), accounts, errors, "--inMemoryPersistence", "--blobHost", "127.0.0.1", "--blobPort", Text(blob)),
            Start(root, Path.Combine(script, "queue", "main.js"), accounts, errors, "--location", queueFolder, "--queueHost", "127.0.0.1", "--queuePort", Text(queue)),
            Start(root, Path.Combine(script, "table", "main.js"), accounts, errors, "--inMemoryPersistence", "--tableHost", "127.0.0.1", "--tablePort", Text(table)),
        };
        var azurite = new AzuriteProcess(processes, queueFolder, blob, queue, table);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await azurite.AnswersAsync(cancellationToken).ConfigureAwait(false))
        {
            if (processes.Any(p => p.HasExited) || DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
                lock (errors)
                {
                    throw new InvalidOperationException($"Azurite did not start on ports {blob}/{queue}/{table}: {errors}");
                }
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return azurite;
    }

    /// <summary>The repository root: the nearest folder up from here or the app's folder that has Azurite installed.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Azurite is not installed: run `npm ci` in the repository root (the README's commands do this)");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_queueFolder, recursive: true);
        }
        catch (IOException)
        {
            // A folder in the temporary directory that could not go now goes with the machine's next clean-up.
        }
    }

    private static Process Start(string root, string script, string? accounts, System.Text.StringBuilder errors, params string[] arguments)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (accounts is not null)
        {
            info.Environment["AZURITE_ACCOUNTS"] = accounts;
        }

        // Blobs and tables are kept in memory: a million-user population's tables outgrow Node's default heap limit
        // (about 4 GB on this machine), so the limit is raised; it reserves nothing.
        info.ArgumentList.Add("--max-old-space-size=16384");
        info.ArgumentList.Add(script);
        foreach (var argument in new[] { "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose" }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node for Azurite");
        process.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static string Text(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return true;
    }

    // Held open together while they are picked: a port released and asked for again can come back twice.
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
