using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reactivation.Functions.Hosting;

/// <summary>Writes the deployable custom-handler layout: host.json at the root and one folder per function holding its function.json.</summary>
public static class FunctionJsonGenerator
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The function.json document for one function.</summary>
    public static JsonObject FunctionJson(FunctionDefinition function)
    {
        var bindings = new JsonArray();
        switch (function.Trigger)
        {
            case TriggerKind.Timer:
                bindings.Add(new JsonObject
                {
                    ["name"] = "timer", ["type"] = "timerTrigger", ["direction"] = "in",
                    ["schedule"] = function.Schedule, ["runOnStartup"] = false, ["useMonitor"] = true,
                });
                break;
            case TriggerKind.Queue:
                bindings.Add(new JsonObject
                {
                    ["name"] = "message", ["type"] = "queueTrigger", ["direction"] = "in",
                    ["queueName"] = function.QueueName, ["connection"] = "AzureWebJobsStorage",
                });
                break;
            case TriggerKind.Http:
                bindings.Add(new JsonObject
                {
                    ["name"] = "req", ["type"] = "httpTrigger", ["direction"] = "in", ["authLevel"] = "anonymous",
                    ["methods"] = new JsonArray(function.Methods.Select(m => (JsonNode)JsonValue.Create(m)!).ToArray()),
                    ["route"] = function.FullRoute,
                });
                bindings.Add(new JsonObject { ["name"] = "res", ["type"] = "http", ["direction"] = "out" });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(function), function.Trigger, "unknown trigger kind");
        }

        return new JsonObject { ["bindings"] = bindings };
    }

    /// <summary>Every file of the layout, by relative path, as text.</summary>
    public static IReadOnlyDictionary<string, string> Render(FunctionCatalogue catalogue, string hostJson)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host.json"] = hostJson };
        foreach (var function in catalogue.Functions)
        {
            files[$"{function.Name}/function.json"] = FunctionJson(function).ToJsonString(Indented) + "\n";
        }

        return files;
    }

    /// <summary>Writes the layout under <paramref name="outputDirectory"/>, removing function folders the catalogue no longer has.</summary>
    public static IReadOnlyList<string> Write(FunctionCatalogue catalogue, string hostJson, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        foreach (var stale in Directory.EnumerateFiles(outputDirectory, "function.json", SearchOption.AllDirectories))
        {
            var folder = Path.GetDirectoryName(stale)!;
            if (catalogue.Find(Path.GetFileName(folder)) is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        var written = new List<string>();
        foreach (var (path, text) in Render(catalogue, hostJson))
        {
            var full = Path.Combine(outputDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
            written.Add(path);
        }

        return written;
    }
}
