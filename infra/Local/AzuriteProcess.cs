using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Reactivation.Infra.Local;

/// <summary>Starts the repository's pinned Azurite (from <c>node_modules</c>) in memory on loopback, and stops it on dispose.</summary>
/// <remarks>Used by the run command, the tests and the benchmark, each on ports of its own.</remarks>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process _process;

    private AzuriteProcess(Process process, int queuePort, int tablePort)
    {
        _process = process;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>The queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>The table service port.</summary>
    public int TablePort { get; }

    /// <summary>The connection string for this instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>Starts Azurite's queue and table services on free ports (or the given ones) and waits until they answer.</summary>
    /// <exception cref="InvalidOperationException">Azurite is not installed (run <c>npm ci</c>) or did not start.</exception>
    public static async Task<AzuriteProcess> StartAsync(int? queuePort = null, int? tablePort = null, CancellationToken cancellationToken = default)
    {
        var root = FindRepositoryRoot();
        var queue = queuePort ?? FreePort();
        var table = tablePort ?? FreePort();
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js"),
            "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
            "--blobPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node for Azurite");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var azurite = new AzuriteProcess(process, queue, table);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await azurite.AnswersAsync(cancellationToken).ConfigureAwait(false))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
                lock (errors)
                {
                    throw new InvalidOperationException($"Azurite did not start on ports {queue}/{table}: {errors}");
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        foreach (var port in new[] { QueuePort, TablePort })
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
