using BenchmarkDotNet.Running;
using Reactivation.Benchmarks;

// load [--users N] [--history-users M]: the end-to-end load command against Azurite.
// journeys [--count N]: many short journeys through the engine against Azurite.
// micro [BenchmarkDotNet args]: the classification micro-benchmarks.
if (args.Length > 0 && args[0] == "micro")
{
    BenchmarkRunner.Run<ClassificationBenchmarks>(args: args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "journeys")
{
    return await JourneyBenchmark.RunAsync(Option(args, "--count", 2_000), string.Join(' ', args), CancellationToken.None);
}

if (args.Length == 0 || args[0] != "load")
{
    Console.Error.WriteLine("usage: load [--users N] [--history-users M] | journeys [--count N] | micro [BenchmarkDotNet options]");
    return 2;
}

var users = Option(args, "--users", 100_000);
var historyUsers = Option(args, "--history-users", Math.Min(users, 20_000));
if (historyUsers > users || users < 1)
{
    Console.Error.WriteLine("--history-users must be at most --users, and --users at least 1");
    return 2;
}

return await LoadBenchmark.RunAsync(users, historyUsers, string.Join(' ', args), CancellationToken.None);

static int Option(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
