using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Reactivation.Core.Activity;
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
/// sweep, prints what it found and a few hand-offs, then keeps serving the HTTP functions until Ctrl+C.
/// </summary>
public static class DemoCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var users = new Option<int>("--users") { Description = "Synthetic users to generate.", DefaultValueFactory = _ => 1_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same population).", DefaultValueFactory = _ => 7 };
        var noServe = new Option<bool>("--no-serve") { Description = "Exit after printing the sweep instead of serving." };
        var command = new Command("demo", "Run the app locally on a demo population (starts Azurite in memory).") { users, seed, noServe };
        command.SetAction((result, ct) => RunAsync(result.GetValue(users), result.GetValue(seed), !result.GetValue(noServe), ct));
        return command;
    }

    private static async Task<int> RunAsync(int userCount, int seed, bool serve, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine("[bold]Starting Azurite[/] (in memory, 127.0.0.1)...");
        await using var azurite = await AzuriteProcess.StartAsync(PortOrFree(10001), PortOrFree(10002), cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLine($"Azurite: queues on {azurite.QueuePort}, tables on {azurite.TablePort}");
        var demoClock = new ShiftedClock();
        await using var app = ReactivationApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "",

                // One line per queue message would bury the demo's own output.
                ["Logging:LogLevel:Reactivation"] = "Warning",
            });
            builder.Services.AddSingleton<TimeProvider>(demoClock);
        });
        var services = app.Services;
        var clock = services.GetRequiredService<TimeProvider>();
        var asOf = clock.GetUtcNow();
        var population = new SyntheticPopulation(seed, asOf);
        await SeedAsync(population, userCount, services, cancellationToken).ConfigureAwait(false);

        var runner = services.GetRequiredService<SweepRunner>();
        var run = await SweepConsole.RunAsync(runner, asOf, services.GetRequiredService<StorageOptions>().Parallelism, cancellationToken).ConfigureAwait(false);
        SweepConsole.Print((await services.GetRequiredService<SweepStore>().GetSummaryAsync(run.SweepDate, cancellationToken).ConfigureAwait(false))!);
        await ShowHandoffsAsync(services.GetRequiredService<StorageAccount>(), cancellationToken).ConfigureAwait(false);

        // The journey stage: the local host's queue listeners enroll the hand-offs and run the journeys.
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var account = services.GetRequiredService<StorageAccount>();
        await JourneyConsole.DrainAsync(account, "Enrolling and starting journeys", cancellationToken).ConfigureAwait(false);
        var shift = await JourneyConsole.SkipToSendWindowAsync(services.GetRequiredService<JourneyQueries>(), services.GetRequiredService<JourneyRepair>(),
            demoClock, services.GetRequiredService<JourneyOptions>(), cancellationToken).ConfigureAwait(false);
        if (shift > TimeSpan.Zero)
        {
            AnsiConsole.MarkupLine($"Journeys wait for the users' local send window (09:00-21:00); the demo clock skips {shift.TotalHours:F1} hours ahead.");
            await JourneyConsole.DrainAsync(account, "Sending", cancellationToken).ConfigureAwait(false);
        }

        await JourneyConsole.PrintAsync(services.GetRequiredService<JourneyQueries>(), services.GetRequiredService<OutboxChannel>(), cancellationToken).ConfigureAwait(false);
        if (!serve)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var urls = app.Configuration["Host:Urls"] ?? "http://127.0.0.1:7071";
        AnsiConsole.MarkupLine($"[bold green]Serving[/] the HTTP functions at {urls}/api (Ctrl+C to stop). Try:");
        AnsiConsole.WriteLine($"  curl {urls}/api/sweeps/{run.SweepDate:yyyy-MM-dd}");
        AnsiConsole.WriteLine($"  curl {urls}/api/users/{SyntheticPopulation.UserIdOf(1)}");
        AnsiConsole.WriteLine($"  curl -X POST {urls}/api/activity -H 'content-type: application/json' " +
            $"-d '[{{\"eventId\":\"demo-1\",\"userId\":\"{SyntheticPopulation.UserIdOf(1)}\",\"type\":\"login\",\"occurredAt\":\"{asOf:yyyy-MM-ddTHH:mm:ssZ}\"}}]'");
        AnsiConsole.WriteLine($"  curl -H 'x-functions-key: <Admin:Key>' {urls}/api/instances?runtimeStatus=Running&top=5");
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
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
        AnsiConsole.MarkupLine($"[bold]{properties.Value.ApproximateMessagesCount:N0}[/] hand-offs are waiting on the '{queue.Name}' queue for the journey stage; the first few:");
        foreach (var message in peeked.Value)
        {
            AnsiConsole.WriteLine("  " + message.Body.ToString());
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
