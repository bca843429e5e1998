using System.Net;
using System.Net.Sockets;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reactivation.Core.Journeys;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Links;
using Reactivation.Infra.Local;
using Reactivation.Infra.Tracking;
using Spectre.Console;

namespace Reactivation.Benchmarks;

/// <summary>
/// The click-back under load: the app on Azurite serving <c>GET /r/{token}</c>, and in the same run a bare Kestrel
/// endpoint answering the same 302 with no work, each driven open-loop at the same fixed rate. Prints p50 and p99 for
/// both and the p99 ratio against the budget, and fails when a click was not recorded.
/// </summary>
public static class ClickBenchmark
{
    private const double Budget = 3.0;
    private const string Phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    private const string Destination = "https://shop.example.com/welcome-back";

    // One request in this many repeats a recent click on the same link (a person tapping twice, a second device).
    private const int RepeatEvery = 10;

    /// <summary>Runs the benchmark and prints the figures.</summary>
    /// <param name="rate">Requests per second, each way.</param>
    /// <param name="seconds">How long each way is driven.</param>
    /// <param name="crediting">When the ClickWork function credits the clicks: during the load (sharing this machine's two
    /// cores and Azurite with the request path), after it, or not at all (the request path alone, checked against the queue).</param>
    /// <param name="commandLine">The arguments, printed with the figures.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<int> RunAsync(int rate, int seconds, ClickCrediting crediting, string commandLine, CancellationToken cancellationToken)
    {
        var count = rate * seconds;
        var warmUp = Math.Min(count, 2 * rate);
        Console.WriteLine($"click benchmark: {rate:N0} requests/s for {seconds} s each way ({count:N0} requests), one in {RepeatEvery} a repeat; {warmUp:N0} warm-up requests each way; " +
            $"crediting: {crediting.ToString().ToLowerInvariant()}");
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
        var counter = new StorageOperationCounter();
        var (appPort, barePort) = (FreePort(), FreePort());
        await using var app = ReactivationApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:Prefix"] = "clicks",
                ["Host:Urls"] = $"http://127.0.0.1:{appPort}",
                // With triggers on, the ClickWork function credits clicks while the load runs, as it would in Azure.
                ["Host:RunTriggers"] = crediting == ClickCrediting.During ? "true" : "false",
                ["RateLimit:PublicBurst"] = "100000000",
                ["RateLimit:PublicPerMinute"] = "100000000",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Services.AddSingleton<HttpPipelinePolicy>(counter);
        });
        await app.StartAsync(cancellationToken);
        await using var bare = BareRedirect(barePort);
        await bare.StartAsync(cancellationToken);

        var minter = app.Services.GetRequiredService<LinkMinter>();
        var store = app.Services.GetRequiredService<JourneyStore>();
        var warmTokens = await SendsAsync(store, minter, "warm", warmUp, cancellationToken);
        var tokens = await SendsAsync(store, minter, "bench", count, cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 2_048, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });

        Uri Url(int port, string token) => new($"http://127.0.0.1:{port}/r/{token}");
        await OpenLoopDriver.RunAsync("warm-up: bare Kestrel", warmUp, rate, (i, ct) => ClickAsync(http, Url(barePort, warmTokens[i]), ct), cancellationToken);
        await OpenLoopDriver.RunAsync("warm-up: product", warmUp, rate, (i, ct) => ClickAsync(http, Url(appPort, warmTokens[i]), ct), cancellationToken);

        var raw = await OpenLoopDriver.RunAsync("bare Kestrel 302", count, rate, (i, ct) => ClickAsync(http, Url(barePort, tokens[i]), ct), cancellationToken);
        counter.Reset();
        var product = await OpenLoopDriver.RunAsync("product GET /r/{token}", count, rate, (i, ct) => ClickAsync(http, Url(appPort, tokens[i]), ct), cancellationToken);

        // Warm-up clicks go to the app once and to the bare endpoint once, so only the app's warm-up count is recorded.
        var expected = warmUp + count - product.Errors;
        var requestPathOperations = (double)counter.Count / count;
        Console.WriteLine();
        Console.WriteLine($"command: dotnet run -c Release --project tests/Reactivation.Benchmarks -- {commandLine}");
        Console.WriteLine($"{"figure",-34} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"errors",7} {"achieved/s",11}");
        Print("bare Kestrel 302", raw);
        Print("product GET /r/{token}", product);
        var ratio = OpenLoopDriver.Percentile(product.Milliseconds, 99) / OpenLoopDriver.Percentile(raw.Milliseconds, 99);
        Console.WriteLine($"p99 ratio product / bare: {ratio:0.00} (budget {Budget:0.0}{(ratio > Budget ? ", missed" : ", met")})");
        var problems = new List<string>();
        if (raw.Errors + product.Errors > 0)
        {
            problems.Add($"{raw.Errors:N0} bare and {product.Errors:N0} product requests failed (budget: no errors)");
        }

        var account = app.Services.GetRequiredService<Infra.Storage.StorageAccount>();
        string recordedLine;
        if (crediting == ClickCrediting.None)
        {
            Console.WriteLine($"{requestPathOperations:0.000} storage operations per click on the request path (clicks arriving together share one queue write)");
            var queued = await QueuedClicksAsync(account, cancellationToken);
            recordedLine = $"{queued:N0} clicks in the click-work queue (the durable record) for {expected:N0} answered requests";
            if (queued != expected)
            {
                problems.Add(recordedLine);
            }
        }
        else
        {
            if (crediting == ClickCrediting.After)
            {
                await CreditAsync(app.Services, cancellationToken);
            }

            var (recorded, drainSeconds) = await DrainAsync(account, app.Services.GetRequiredService<ClickLedger>(), expected, cancellationToken);
            var firsts = await FirstMarkersAsync(account, cancellationToken);
            var distinct = tokens.Distinct().Count() + warmTokens.Distinct().Count();
            Console.WriteLine($"{(double)counter.Count / count:0.00} storage operations per click in all (the request path's queue writes and crediting); crediting finished {drainSeconds:0.0} s after the load ended");
            recordedLine = $"{recorded:N0} clicks stored and credited for {expected:N0} answered requests, {firsts:N0} first-click markers for {distinct:N0} distinct links";
            if (recorded != expected || firsts != distinct)
            {
                problems.Add(recordedLine);
            }
        }

        // Stopped before it is disposed, so the host cancels its timer and queue services as a shutdown and does not
        // log their cancellation as a background service failing.
        await app.StopAsync(cancellationToken);
        if (problems.Count > 0)
        {
            AnsiConsole.MarkupLine($"[bold red]FAILED[/]: {Markup.Escape(string.Join("; ", problems))}");
            return 1;
        }

        AnsiConsole.MarkupLine($"[green]checked[/]: {Markup.Escape(recordedLine)}");
        return 0;
    }

    // Counts the clicks waiting in the click-work queue (received and left invisible; the run ends without crediting them).
    private static async Task<int> QueuedClicksAsync(Infra.Storage.StorageAccount account, CancellationToken cancellationToken)
    {
        var queue = await account.QueueAsync(Infra.Storage.QueueNames.ClickWork, cancellationToken);
        var clicks = 0;
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromHours(1), cancellationToken)).Value is { Length: > 0 } messages)
        {
            clicks += messages.Sum(m => PendingClick.Parse(m.Body.ToString()).Count);
        }

        return clicks;
    }

    private static void Print(string name, OpenLoopDriver.Run run) =>
        Console.WriteLine($"{name,-34} {OpenLoopDriver.Percentile(run.Milliseconds, 50),8:0.00} {OpenLoopDriver.Percentile(run.Milliseconds, 99),8:0.00} " +
            $"{OpenLoopDriver.Percentile(run.Milliseconds, 100),8:0.00} {run.Errors,7:N0} {run.Milliseconds.Length / run.Seconds,11:N0}");

    private static async Task<bool> ClickAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", Phone);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.Found && response.Headers.Location is not null;
    }

    // The baseline: Kestrel with the same slim builder, answering the same kind of 302 from the route alone.
    private static WebApplication BareRedirect(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var bare = builder.Build();
        bare.MapMethods("/r/{token}", ["GET", "HEAD"], (string token) =>
            Results.Redirect($"{Destination}?utm_source=reactivation&utm_medium=email&utm_campaign=bench&utm_content=mail"));
        return bare;
    }

    /// <summary>
    /// Set-up: a sent message (its send record, delivered an hour ago) for each distinct link, and the tokens to request:
    /// one request in <see cref="RepeatEvery"/> repeats the link five requests earlier.
    /// </summary>
    private static async Task<string[]> SendsAsync(JourneyStore store, LinkMinter minter, string journey, int count, CancellationToken cancellationToken)
    {
        var sentAt = DateTimeOffset.UtcNow.AddHours(-1);
        var tokens = new string[count];
        var distinct = Enumerable.Range(0, count).Where(i => i < 5 || i % RepeatEvery != RepeatEvery - 1).ToArray();
        foreach (var i in Enumerable.Range(0, count))
        {
            tokens[i] = i < 5 || i % RepeatEvery != RepeatEvery - 1 ? minter.TrackUrl(SendKey(journey, i), Destination, "email", "a").Split("/r/")[1] : tokens[i - 5];
        }

        await ProgressPhase.RunAsync($"set-up: {distinct.Length:N0} send records ({journey})", distinct.Length, 16, async (n, ct) =>
        {
            var i = distinct[n];
            var instance = $"{journey}~u{i:D7}~1";
            var table = await store.TableForUserAsync($"u{i:D7}", ct);
            await table.UpsertEntityAsync(
                InstanceRow.SendIntent(instance, new SendCommand(SendKey(journey, i), "mail", Channel.Email, "coupon-20-email", null, 1, "a"), sentAt),
                TableUpdateMode.Replace, ct);
        }, cancellationToken);
        return tokens;
    }

    private static string SendKey(string journey, int i) => $"{journey}~u{i:D7}~1~mail~1";

    // Runs the ClickWork function over the queue as the local host's listener would (16 messages at a time).
    private static async Task CreditAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var queue = await services.GetRequiredService<Infra.Storage.StorageAccount>().QueueAsync(Infra.Storage.QueueNames.ClickWork, cancellationToken);
        var handler = services.GetRequiredService<Functions.Handlers.ClickWorkHandler>();
        var handled = 0;
        while ((await queue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(5), cancellationToken)).Value is { Length: > 0 } messages)
        {
            await Task.WhenAll(messages.Select(async m =>
            {
                await handler.HandleAsync(m.Body.ToString(), services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>(), cancellationToken);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken);
            }));
            handled += messages.Length;
            Console.Write($"\rcrediting after the load: {handled:N0} queue messages handled   ");
        }

        Console.WriteLine();
    }

    // Waits for the ClickWork function to credit every queued click (or to stop making progress for a minute).
    private static async Task<(int Recorded, double Seconds)> DrainAsync(Infra.Storage.StorageAccount account, ClickLedger ledger, int expected, CancellationToken cancellationToken)
    {
        var queue = await account.QueueAsync(Infra.Storage.QueueNames.ClickWork, cancellationToken);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (recorded, lastWaiting, progressAt) = (-1, -1, started.Elapsed);
        while (true)
        {
            var waiting = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            var now = waiting == 0 ? await ledger.CountAsync(cancellationToken) : recorded;
            if (now != recorded || waiting != lastWaiting)
            {
                (recorded, lastWaiting, progressAt) = (now, waiting, started.Elapsed);
            }

            Console.Write($"\rcrediting: {waiting:N0} clicks queued, {Math.Max(recorded, 0):N0} of {expected:N0} recorded   ");
            if ((waiting == 0 && recorded >= expected) || started.Elapsed - progressAt > TimeSpan.FromMinutes(1))
            {
                Console.WriteLine();
                return (Math.Max(recorded, 0), started.Elapsed.TotalSeconds);
            }

            await Task.Delay(TimeSpan.FromSeconds(waiting == 0 ? 1 : 3), cancellationToken);
        }
    }

    private static async Task<int> FirstMarkersAsync(Infra.Storage.StorageAccount account, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync("clicks", cancellationToken);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>($"RowKey eq '{ClickLedger.FirstKey}'", select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>When the click benchmark credits the clicks it made.</summary>
public enum ClickCrediting
{
    /// <summary>The ClickWork function runs alongside the load, as in Azure.</summary>
    During,

    /// <summary>It runs once the load has ended.</summary>
    After,

    /// <summary>It does not run: the request path alone, every click checked in the queue.</summary>
    None,
}
