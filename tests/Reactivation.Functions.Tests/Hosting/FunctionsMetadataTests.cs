using System.Diagnostics;
using System.Text.Json;
using Reactivation.Functions.Worker;
using Xunit;

namespace Reactivation.Functions.Tests.Hosting;

/// <summary>
/// What Azure will see: the <c>functions.metadata</c> the worker SDK generated into the app's build output, read back and
/// compared with the committed table (<c>functions.metadata.expected.md</c> beside this file), so a change to any
/// trigger, route, method, queue, schedule or auth level shows up as a diff in review.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly string Output = Path.Combine(Repository.Root(), "functions", "bin", BuildConfiguration(), "net10.0");

    [Fact]
    public void The_generated_functions_metadata_matches_the_committed_table()
    {
        var expected = File.ReadAllText(Path.Combine(Repository.Root(), "tests", "Reactivation.Functions.Tests", "Hosting", "functions.metadata.expected.md")).ReplaceLineEndings("\n").TrimEnd();

        var actual = Table(File.ReadAllText(Path.Combine(Output, "functions.metadata")));

        Assert.True(expected == actual, "functions.metadata changed; if that is intended, commit this as functions.metadata.expected.md:\n" + actual);
    }

    [Fact]
    public void The_build_output_is_an_isolated_worker_app_with_its_extensions_and_host_json()
    {
        using var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "worker.config.json")));
        using var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "extensions.json")));
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "host.json")));

        Assert.Equal("dotnet-isolated", worker.RootElement.GetProperty("description").GetProperty("language").GetString());
        Assert.Equal("Reactivation.Functions.dll", worker.RootElement.GetProperty("description").GetProperty("defaultWorkerPath").GetString());
        var names = extensions.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("AzureStorageQueues", names);
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.False(host.RootElement.TryGetProperty("customHandler", out _));
        Assert.Contains("DurableTask", names);
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");
        Assert.Equal("%JourneyTaskHub%", durable.GetProperty("hubName").GetString());
        Assert.Equal(("AzureStorage", 16), (durable.GetProperty("storageProvider").GetProperty("type").GetString(), durable.GetProperty("storageProvider").GetProperty("partitionCount").GetInt32()));
    }

    [Fact]
    public async Task Dotnet_run_starts_the_apps_own_executable_not_core_tools()
    {
        // What `./run.sh` and the README's `dotnet run --project functions -- <verb>` lines rely on: the worker SDK would
        // make it `func start`, which this machine (and a newcomer's) may not have.
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, WorkingDirectory = Path.Combine(Repository.Root(), "functions") };
        foreach (var arg in new[] { "msbuild", $"-p:Configuration={BuildConfiguration()}", "-t:ComputeRunArguments", "-getProperty:RunCommand", "-getProperty:RunArguments" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, output);
        using var properties = JsonDocument.Parse(output);
        var run = properties.RootElement.GetProperty("Properties");
        Assert.Equal(Path.GetFullPath(Path.Combine(Output, "Reactivation.Functions")), Path.GetFullPath(run.GetProperty("RunCommand").GetString()!));
        Assert.Equal("", run.GetProperty("RunArguments").GetString());
    }

    [Theory]
    [InlineData(true, "--host", "127.0.0.1", "--port", "50051", "--workerId", "w1", "--requestId", "r1", "--grpcMaxMessageLength", "2147483647")]
    [InlineData(true, "--functions-uri", "http://127.0.0.1:50051/", "--functions-worker-id", "w1")]
    [InlineData(false, "serve")]
    [InlineData(false, "demo", "--users", "100")]
    [InlineData(false)]
    public void The_executable_is_the_worker_only_when_the_functions_host_starts_it(bool worker, params string[] args) =>
        Assert.Equal(worker, WorkerHost.IsLaunchedByFunctionsHost(args));

    // One row per function: its trigger binding, then every other binding, as the host reads them.
    private static string Table(string metadata)
    {
        using var document = JsonDocument.Parse(metadata);
        var rows = document.RootElement.EnumerateArray()
            .Select(function => (Name: function.GetProperty("name").GetString()!, Bindings: function.GetProperty("bindings").EnumerateArray().Select(Binding).ToList()))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => $"| {f.Name} | {f.Bindings[0]} | {string.Join("; ", f.Bindings.Skip(1))} |");
        return string.Join("\n", new[] { "| function | trigger | other bindings |", "|---|---|---|" }.Concat(rows));
    }

    private static string Binding(JsonElement binding)
    {
        string? Text(string name) => binding.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.Array ? string.Join(",", value.EnumerateArray().Select(v => v.GetString())) : value.ToString() : null;
        var details = new[]
        {
            Text("authLevel") is { } auth ? $"auth {auth}" : null,
            Text("methods") is { } methods ? methods.ToUpperInvariant() : null,
            Text("route") is { } route ? $"`{route}`" : null,
            Text("queueName") is { } queue ? $"queue `{queue}`" : null,
            Text("schedule") is { } schedule ? $"schedule `{schedule}`" : null,
            Text("connection") is { } connection ? $"connection {connection}" : null,
            Text("dataType") is { } dataType ? $"as {dataType}" : null,
        };
        return $"{Text("type")} {Text("direction")?.ToLowerInvariant()} `{Text("name")}`" + string.Concat(details.Where(d => d is not null).Select(d => " " + d));
    }

    private static string BuildConfiguration() =>
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Debug") ? "Debug" : "Release";
}
