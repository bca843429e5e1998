using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Reactivation.Functions.Cli;
using Reactivation.Functions.Hosting;
using Xunit;

namespace Reactivation.Functions.Tests.Hosting;

/// <summary>The drift test: what generate-functions writes must be exactly what the catalogue declares.</summary>
public sealed class FunctionJsonGeneratorTests
{
    private static readonly FunctionCatalogue Catalogue = FunctionCatalogue.Create(AppSettings.Load(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" }).Build()));

    [Fact]
    public void The_generated_layout_has_host_json_at_the_root_and_one_folder_per_catalogued_function()
    {
        var output = Generate();
        Assert.Equal(File.ReadAllText(RepoFile("host.json")), File.ReadAllText(Path.Combine(output, "host.json")));
        var folders = Directory.GetDirectories(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Catalogue.Functions.Select(f => f.Name).Order(StringComparer.Ordinal).ToArray(), folders);
    }

    [Fact]
    public void Every_generated_function_json_says_what_the_catalogue_says()
    {
        var output = Generate();
        foreach (var function in Catalogue.Functions)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, function.Name, "function.json")));
            var bindings = document.RootElement.GetProperty("bindings").EnumerateArray().ToArray();
            var trigger = bindings.Single(b => b.GetProperty("direction").GetString() == "in");
            switch (function.Trigger)
            {
                case TriggerKind.Timer:
                    Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
                    Assert.Equal(function.Schedule, trigger.GetProperty("schedule").GetString());
                    Assert.Single(bindings);
                    break;
                case TriggerKind.Queue:
                    Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
                    Assert.Equal("message", trigger.GetProperty("name").GetString());
                    Assert.Equal(function.QueueName, trigger.GetProperty("queueName").GetString());
                    Assert.Single(bindings);
                    break;
                case TriggerKind.Http:
                    Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
                    Assert.Equal(function.FullRoute, trigger.GetProperty("route").GetString());
                    Assert.Equal(function.Methods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray());
                    // Forwarding needs exactly one httpTrigger in and one http out.
                    Assert.Equal(2, bindings.Length);
                    Assert.Equal("http", bindings.Single(b => b.GetProperty("direction").GetString() == "out").GetProperty("type").GetString());
                    break;
                default:
                    Assert.Fail($"unknown trigger {function.Trigger}");
                    break;
            }
        }
    }

    [Fact]
    public void Regenerating_removes_folders_of_functions_the_catalogue_dropped()
    {
        var output = Generate();
        Directory.CreateDirectory(Path.Combine(output, "Retired"));
        File.WriteAllText(Path.Combine(output, "Retired", "function.json"), "{}");

        FunctionJsonGenerator.Write(Catalogue, GenerateCommand.HostJson(), output);

        Assert.False(Directory.Exists(Path.Combine(output, "Retired")));
    }

    [Fact]
    public void Host_json_declares_a_forwarding_custom_handler_with_base64_queues_and_five_dequeues()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(RepoFile("host.json")));
        var handler = host.RootElement.GetProperty("customHandler");
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("app/Reactivation.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        Assert.Equal(LocalQueueListener.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
    }

    private static string Generate()
    {
        var output = Path.Combine(Path.GetTempPath(), "fn-" + Guid.NewGuid().ToString("N"));
        FunctionJsonGenerator.Write(Catalogue, GenerateCommand.HostJson(), output);
        return output;
    }

    private static string RepoFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
