using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Policy;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Local;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Sweeps;
using Spectre.Console;

namespace Reactivation.Functions.Cli;

/// <summary>
/// <c>demo</c>: starts Azurite in memory, generates a synthetic population through the real ingestion path, runs the
/// sweep, prints what it found and a few hand-offs, time-lapses the journeys day by day over simulated users whose true
/// response is known, prints the report with the estimated lift next to the true one, then serves the HTTP functions
/// until Ctrl+C.
/// </summary>
public static class DemoCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var users = new Option<int>("--users") { Description = "Synthetic users to generate.", DefaultValueFactory = _ => 1_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same population and fates).", DefaultValueFactory = _ => 7 };
        var days = new Option<int>("--days") { Description = "Simulated days to run the journeys for.", DefaultValueFactory = _ => 35 };
        var tick = new Option<double>("--seconds-per-day") { Description = "Wall-clock seconds per simulated day (at least; a busy day takes longer).", DefaultValueFactory = _ => 1.0 };
        var holdout = new Option<double>("--holdout") { Description = "Percent of users held out (the demo's population is small, so more than production's 5%).", DefaultValueFactory = _ => 20 };
        var storage = new Option<string?>("--storage")
        {
            Description = "A storage connection string to use instead of starting Azurite in memory (e.g. UseDevelopmentStorage=true for an Azurite you run): the data outlives the demo, and a demo started again on it resumes.",
        };
        var noServe = new Option<bool>("--no-serve") { Description = "Exit after the report instead of serving." };
        var command = new Command("demo", "Run the app locally on a demo population and time-lapse its journeys to the report (starts Azurite in memory unless --storage names one).")
        {
            users, seed, days, tick, holdout, storage, noServe,
        };
        command.SetAction((result, ct) => RunAsync(
            new DemoSettings(result.GetValue(users), result.GetValue(seed), result.GetValue(days), TimeSpan.FromSeconds(Math.Max(0, result.GetValue(tick))), result.GetValue(holdout))
            {
                Storage = result.GetValue(storage),
            },
            !result.GetValue(noServe), new DemoConsole(Console.Out, Console.Error), null, ct));
        return command;
    }

    /// <summary>Runs the demo; <paramref name="configuration"/> may add settings (a provider to send through, in tests).</summary>
    /// <returns>0, or 1 when the demo sent no message at all (every send failed or was held back).</returns>
    public static async Task<int> RunAsync(
        DemoSettings settings, bool serve, DemoConsole console, IReadOnlyDictionary<string, string?>? configuration, CancellationToken cancellationToken)
    {
        var output = console.Output;
        await using var azurite = settings.Storage is null ? await StartAzuriteAsync(cancellationToken).ConfigureAwait(false) : null;
        var demoClock = new ShiftedClock();

        // The time-lapse runs each simulated day from 10:00 in Shanghai, inside the users' send window.
        var now = demoClock.GetUtcNow();
        var morning = new DateTimeOffset(now.UtcDateTime.Date.AddHours(2), TimeSpan.Zero);
        demoClock.Advance((morning > now ? morning : morning.AddDays(1)) - now);

        // A key for this session only, so the report page and the management API open with it and with nothing else.
        var adminKey = "demo-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var demoConfiguration = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = settings.Storage ?? azurite!.ConnectionString,
            ["Journeys:HoldoutPercent"] = settings.HoldoutPercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Admin:Key"] = adminKey,
            ["Ingestion:Key"] = "demo-ingestion-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),

            // Nobody receives a demo's messages: they are kept in the outbox table, on purpose (channels with a configured
            // provider still send through it).
            ["Messaging:UseLocalOutbox"] = "true",

            // One line per queue message would bury the demo's own output.
            ["Logging:LogLevel:Reactivation"] = "Warning",

            // Simulated days reach the journey orchestrations as clock ticks the time-lapse sends (see JourneyTicks).
            ["Journeys:SimulatedClock"] = "true",

            // The time-lapse pumps the queues itself so each simulated day ends when its work is done; a serving demo
            // runs the triggers too, and only a serving demo takes the port.
            ["Host:RunTriggers"] = serve ? "true" : "false",
            ["DurableTask:MaxQueuePollingInterval"] = "00:00:01",
            // A simulated day's sends all come due at one tick; ten activities at a time (the provider's default) left
            // orchestrations waiting minutes to start behind them.
            ["DurableTask:MaxConcurrentActivityWorkItems"] = "64",

            // One process owns the demo's task hub: one control queue, whose lease it holds from the start, so no
            // instance waits on a partition a busy machine has not got round to leasing.
            ["DurableTask:PartitionCount"] = "1",
        };
        if (!serve)
        {
            demoConfiguration["Host:Urls"] = "http://127.0.0.1:0";
        }
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            demoConfiguration[key] = value;
        }

        await using var app = ReactivationApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(demoConfiguration);
            builder.Services.AddSingleton<TimeProvider>(demoClock);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var services = app.Services;
            var asOf = demoClock.GetUtcNow();
            var population = new SyntheticPopulation(settings.Seed, asOf, ("Asia/Shanghai", "zh-CN", "CN"));
            if (settings.Storage is not null && await services.GetRequiredService<UserDirectory>().GetAsync(SyntheticPopulation.UserIdOf(0), cancellationToken).ConfigureAwait(false) is not null)
            {
                await output.WriteLineAsync("Resuming: this storage holds an earlier demo's users, so they are not generated again; its journeys carry on from where they stand.").ConfigureAwait(false);
            }
            else
            {
                await SeedAsync(population, settings.Users, services, cancellationToken).ConfigureAwait(false);
            }

            var runner = services.GetRequiredService<SweepRunner>();
            var run = await SweepConsole.RunAsync(runner, asOf, services.GetRequiredService<StorageOptions>().Parallelism, cancellationToken).ConfigureAwait(false);
            SweepConsole.Print((await services.GetRequiredService<SweepStore>().GetSummaryAsync(run.SweepDate, cancellationToken).ConfigureAwait(false))!);
            await ShowHandoffsAsync(services.GetRequiredService<StorageAccount>(), cancellationToken).ConfigureAwait(false);

            var lapse = await TimeLapseConsole.RunAsync(services, demoClock, settings, cancellationToken).ConfigureAwait(false);
            if (lapse.Sent == 0)
            {
                await console.Errors.WriteLineAsync(
                    $"error: the demo sent no message ({lapse.Failed:N0} sends failed for good, the rest were held back): check the provider settings and `users notsent {SyntheticPopulation.UserIdOf(1)}`").ConfigureAwait(false);
                return 1;
            }

            if (!serve)
            {
                return 0;
            }

            var urls = app.Configuration["Host:Urls"] ?? "http://127.0.0.1:7071";
            foreach (var line in ServingHints(urls, adminKey, run.SweepDate))
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            // Disposing a host does not stop it: left running, the task hub's provider would go on listening on its
            // control queues after the demo (and take the messages of a demo started next on the same ports).
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>What the serving demo prints: working addresses with this session's admin key in them.</summary>
    public static IEnumerable<string> ServingHints(string urls, string adminKey, DateOnly sweepDate)
    {
        yield return $"Serving the HTTP functions at {urls} (Ctrl+C to stop). This session's admin key is {adminKey}; try:";
        yield return $"  open {urls}/api/reports/journeys/standard?code={adminKey}  (the report page, in a browser)";
        yield return $"  curl -H 'x-functions-key: {adminKey}' {urls}/api/sweeps/{sweepDate:yyyy-MM-dd}";
        yield return $"  curl -H 'x-functions-key: {adminKey}' {urls}/api/users/{SyntheticPopulation.UserIdOf(1)}";
        yield return $"  curl -H 'x-functions-key: {adminKey}' '{urls}/api/instances?runtimeStatus=Running&top=5'";
    }

    private static async Task<AzuriteProcess> StartAzuriteAsync(CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine("[bold]Starting Azurite[/] (in memory, 127.0.0.1)...");
        AzuriteProcess azurite;
        try
        {
            azurite = await AzuriteProcess.StartAsync(PortOrFree(10001), PortOrFree(10002), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException) when (!cancellationToken.IsCancellationRequested)
        {
            // The usual ports were free when asked and taken a moment later (another demo starting): any free ports will do.
            azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        AnsiConsole.MarkupLine($"Azurite: queues on {azurite.QueuePort}, tables on {azurite.TablePort}");
        return azurite;
    }

    private static async Task SeedAsync(SyntheticPopulation population, int userCount, IServiceProvider services, CancellationToken cancellationToken)
    {
        var directory = services.GetRequiredService<UserDirectory>();
        var ingestor = services.GetRequiredService<ActivityIngestor>();
        await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var usersTask = context.AddTask("users", maxValue: userCount);
                foreach (var chunk in Enumerable.Range(0, userCount).Chunk(Importer.BatchSize))
                {
                    await directory.UpsertAsync(chunk.Select(population.UserOf).ToArray(), cancellationToken).ConfigureAwait(false);
                    usersTask.Increment(chunk.Length);
                }

                // The demo's users are in mainland China, where marketing needs an opt-in: they gave one at sign-up.
                var consentTask = context.AddTask("marketing opt-ins (sms, email)", maxValue: userCount);
                var consent = services.GetRequiredService<ConsentLedger>();
                var signedUp = population.UserOf(0).RegisteredAt ?? DateTimeOffset.UtcNow;
                await Parallel.ForEachAsync(Enumerable.Range(0, userCount), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
                {
                    var user = population.UserOf(i);
                    foreach (var channel in new[] { Channel.Sms, Channel.Email })
                    {
                        var flag = new ConsentFlag(channel, TemplatePurpose.Marketing, ConsentState.OptedIn, "import", "sign-up form, marketing box ticked", user.RegisteredAt ?? signedUp);
                        await consent.RecordAsync(new ConsentChange($"signup-{user.UserId}-{channel}", user.UserId, flag, "signup-v1", null, null, null), ct).ConfigureAwait(false);
                    }

                    consentTask.Increment(1);
                }).ConfigureAwait(false);

                var eventsTask = context.AddTask("activity histories", maxValue: userCount);
                var batch = new List<ActivityEvent>(Importer.BatchSize + 64);
                var events = 0L;
                for (var i = 0; i < userCount; i++)
                {
                    batch.AddRange(population.EventsOf(i));
                    if (batch.Count >= Importer.BatchSize - 64 || i == userCount - 1)
                    {
                        await ingestor.IngestAsync(batch, cancellationToken).ConfigureAwait(false);
                        events += batch.Count;
                        batch.Clear();
                        eventsTask.Value = i + 1;
                        eventsTask.Description = $"activity histories: {events:N0} events";
                    }
                }
            }).ConfigureAwait(false);
    }

    private static async Task ShowHandoffsAsync(StorageAccount account, CancellationToken cancellationToken)
    {
        var queue = await account.QueueAsync(QueueNames.Enrollments, cancellationToken).ConfigureAwait(false);
        var properties = await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        var peeked = await queue.PeekMessagesAsync(5, cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLine($"[bold]{properties.Value.ApproximateMessagesCount:N0}[/] messages of hand-offs (up to {HandoffPacing.MaxPerMessage} each) are waiting on the '{queue.Name}' queue for the journey stage; the first few hand-offs:");
        foreach (var handoff in peeked.Value.SelectMany(message => HandoffMessages.Read(message.Body.ToString())).Take(5))
        {
            AnsiConsole.WriteLine("  " + JsonSerializer.Serialize(handoff, SweepJson.Options));
        }
    }

    private static int PortOrFree(int preferred)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, preferred);
            listener.Start();
            return preferred;
        }
        catch (SocketException)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

/// <summary>Where the demo writes what it says beside its progress display: its hints, and its errors.</summary>
/// <param name="Output">Standard output.</param>
/// <param name="Errors">Standard error.</param>
public sealed record DemoConsole(TextWriter Output, TextWriter Errors);

/// <summary>The demo's settings.</summary>
/// <param name="Users">Synthetic users.</param>
/// <param name="Seed">The population's and the fates' seed.</param>
/// <param name="Days">Simulated days.</param>
/// <param name="SecondsPerDay">Wall-clock time per simulated day, at least.</param>
/// <param name="HoldoutPercent">The global holdout.</param>
public sealed record DemoSettings(int Users, int Seed, int Days, TimeSpan SecondsPerDay, double HoldoutPercent)
{
    /// <summary>The storage to run on, or null to start Azurite in memory for the run.</summary>
    public string? Storage { get; init; }
}
