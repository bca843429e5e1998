using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Reactivation.Functions.Tests.Journeys;

/// <summary>
/// The built app (<c>functions/bin/Release/net10.0/Reactivation.Functions.dll</c>) running <c>serve</c> in a process of
/// its own, configured by environment variables, that a test can kill outright (SIGKILL, no shutdown of any kind) and
/// start again on the same port. Standard output and error are drained as they come; the last lines are kept for
/// failure messages. Disposing kills it.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private const int TailLines = 5_000;

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly object _gate = new();
    private Process? _process;
    private int _generation;

    /// <param name="port">The loopback port it serves on (<c>Host__Urls</c> is set to it).</param>
    /// <param name="environment">Configuration as environment variables (<c>Section__Key</c>).</param>
    public WorkerProcess(int port, IReadOnlyDictionary<string, string> environment)
    {
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _environment = new Dictionary<string, string>(environment) { ["Host__Urls"] = BaseAddress.ToString().TrimEnd('/') };
    }

    /// <summary>The built executable the worker runs.</summary>
    public static string DllPath => Path.Combine(Repository.Root(), "functions", "bin", "Release", "net10.0", "Reactivation.Functions.dll");

    /// <summary>The port it serves on.</summary>
    public int Port { get; }

    /// <summary>Where it serves.</summary>
    public Uri BaseAddress { get; }

    /// <summary>How many times it has been started.</summary>
    public int Starts { get; private set; }

    /// <summary>How many times it has been killed.</summary>
    public int Kills { get; private set; }

    /// <summary>True while a process is running.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false };
            }
        }
    }

    /// <summary>Starts the process and waits until its HTTP endpoint answers; throws with its last output if it exits or never answers.</summary>
    public async Task StartAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        if (!File.Exists(DllPath))
        {
            throw new FileNotFoundException($"the app is not built (dotnet build functions -c Release): {DllPath}");
        }

        var info = new ProcessStartInfo
        {
            FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet",
            WorkingDirectory = Path.GetDirectoryName(DllPath)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add(DllPath);
        info.ArgumentList.Add("serve");
        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }

        Process process;
        int generation;
        lock (_gate)
        {
            if (_process is { HasExited: false })
            {
                throw new InvalidOperationException("the worker is already running");
            }

            _process?.Dispose();
            generation = ++_generation;
            process = new Process { StartInfo = info, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => Keep(generation, "out", e.Data);
            process.ErrorDataReceived += (_, e) => Keep(generation, "err", e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            Starts++;
        }

        Keep(generation, "test", $"started pid {process.Id}");
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the worker exited with code {process.ExitCode} before it served; its last output:{Environment.NewLine}{Tail(60)}");
            }

            try
            {
                using var response = await http.GetAsync("/", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    Keep(generation, "test", $"serving after {deadline.Elapsed.TotalSeconds:0.0} s");
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > patience)
            {
                throw new TimeoutException($"the worker did not serve within {patience.TotalSeconds:0} s; its last output:{Environment.NewLine}{Tail(60)}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Kills the process and everything it started with SIGKILL (nothing is flushed, released or drained), and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
            if (process is null || process.HasExited)
            {
                return;
            }

            process.Kill(entireProcessTree: true);
            Kills++;
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(wait.Token);
        Keep(_generation, "test", $"killed pid {process.Id}");
    }

    /// <summary>The last <paramref name="lines"/> lines it wrote (both streams, tagged by start and stream), only those <paramref name="keep"/> keeps when given.</summary>
    public string Tail(int lines = 40, Func<string, bool>? keep = null)
    {
        var all = _tail.Where(keep ?? (_ => true)).ToArray();
        return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Gone already.
        }
        finally
        {
            lock (_gate)
            {
                _process?.Dispose();
                _process = null;
            }
        }
    }

    private void Keep(int generation, string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        _tail.Enqueue(string.Create(CultureInfo.InvariantCulture, $"[{DateTimeOffset.UtcNow:HH:mm:ss.fff} #{generation} {stream}] {line}"));
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
    }
}
