using BenchmarkDotNet.Running;
using Reactivation.Benchmarks;

// load [--users N] [--history-users M] [--steps N1,N2,...] [--shards S]: the end-to-end load command against Azurite.
// journeys [--count N]: many short journeys through the engine against Azurite.
// sends [--count N] [--parallel P]: SMS through the app's message channel against the fake ACS server, next to raw signed POSTs.
// clicks [--rate R] [--seconds S] [--credit during|after|none]: GET /r/{token} on the app against Azurite, open-loop at R requests/s, next to a bare Kestrel 302.
// micro [BenchmarkDotNet args]: the classification micro-benchmarks.
// messaging-micro [BenchmarkDotNet args]: template rendering and SMS segment counting (MessagingMicroBenchmarks.Types).
// Either BenchmarkDotNet verb also takes --smoke: every benchmark method once, in this process (seconds, for CI).
if (args.Length > 0 && args[0] == "micro")
{
    return RunMicro([typeof(ClassificationBenchmarks)], args[1..]);
}

if (args.Length > 0 && args[0] == "messaging-micro")
{
    return RunMicro(MessagingMicroBenchmarks.Types, args[1..]);
}

if (args.Length > 0 && args[0] == "journeys")
{
    return await JourneyBenchmark.RunAsync(Option(args, "--count", 2_000), string.Join(' ', args), CancellationToken.None);
}

if (args.Length > 0 && args[0] == "sends")
{
    var (count, parallel) = (Option(args, "--count", 5_000), Option(args, "--parallel", 16));
    if (count is < 1 or > 10_000_000 || parallel is < 1 or > 256)
    {
        Console.Error.WriteLine("--count must be 1 to 10,000,000 and --parallel 1 to 256");
        return 2;
    }

    return await SendBenchmark.RunAsync(count, parallel, string.Join(' ', args), CancellationToken.None);
}

if (args.Length > 0 && args[0] == "clicks")
{
    var (rate, seconds) = (Option(args, "--rate", 1_000), Option(args, "--seconds", 30));
    if (rate is < 1 or > 20_000 || seconds is < 1 or > 600)
    {
        Console.Error.WriteLine("--rate must be 1 to 20,000 and --seconds 1 to 600");
        return 2;
    }

    var credit = args.SkipWhile(a => a != "--credit").Skip(1).FirstOrDefault() ?? "during";
    if (!Enum.TryParse<ClickCrediting>(credit, ignoreCase: true, out var crediting) || !Enum.IsDefined(crediting))
    {
        Console.Error.WriteLine("--credit must be during (the ClickWork function runs alongside the load), after (once it ends) or none (the request path alone)");
        return 2;
    }

    return await ClickBenchmark.RunAsync(rate, seconds, crediting, string.Join(' ', args), CancellationToken.None);
}

if (args.Length == 0 || args[0] != "load")
{
    Console.Error.WriteLine("usage: load [--users N] [--history-users M] [--steps N1,N2,...] [--shards S] | journeys [--count N] | sends [--count N] [--parallel P] | clicks [--rate R] [--seconds S] [--credit during|after|none] | micro [--smoke] [BenchmarkDotNet options] " +
        "| messaging-micro [--smoke] [BenchmarkDotNet options]");
    return 2;
}

var users = Option(args, "--users", 100_000);
var historyUsers = Option(args, "--history-users", Math.Min(users, 20_000));
var shards = Option(args, "--shards", 64);
var stepsIndex = Array.IndexOf(args, "--steps");
int[] steps;
try
{
    steps = stepsIndex >= 0 && stepsIndex + 1 < args.Length
        ? args[stepsIndex + 1].Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
        : [users];
}
catch (FormatException)
{
    Console.Error.WriteLine("--steps must be population sizes separated by commas, such as 100000,1000000");
    return 2;
}

if (historyUsers > users || users < 1 || steps.Any(n => n < 1) || !steps.SequenceEqual(steps.Order()) || shards is < 1 or > Reactivation.Core.Sharding.ShardMap.MaxShards)
{
    Console.Error.WriteLine($"--history-users must be at most --users, --users and every --steps size at least 1 and ascending, --shards 1 to {Reactivation.Core.Sharding.ShardMap.MaxShards}");
    return 2;
}

return await LoadBenchmark.RunAsync(historyUsers, steps, shards, string.Join(' ', args), CancellationToken.None);

static int Option(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

// A short run unless the command line names a job (the classes name none, so --job on the command line is the only
// one). --smoke is BenchmarkDotNet's dry job in this process: one warm-up and one measured call of each method, so CI
// runs every benchmark and its setup checks in seconds, ratio column included. Non-zero when any benchmark failed.
static int RunMicro(Type[] types, string[] args)
{
    var smoke = args.Contains("--smoke");
    string[] job = smoke ? ["--job", "dry", "--inProcess"] : args.Any(a => a is "--job" or "-j") ? [] : ["--job", "short"];
    var summaries = BenchmarkRunner.Run(types, args: [.. job, .. args.Where(a => a != "--smoke")]);
    var failed = summaries.Where(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)).Select(s => s.Title).ToList();
    if (failed.Count > 0 || (smoke && summaries.All(s => s.Reports.IsEmpty)))
    {
        Console.Error.WriteLine(failed.Count > 0 ? $"benchmarks failed: {string.Join(", ", failed)}" : "no benchmark ran");
        return 1;
    }

    return 0;
}
