using System.Text.Json.Nodes;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Hosting.OpenApi;
using Xunit;

namespace Reactivation.Functions.Tests.Api;

public sealed class ApiDocumentTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonNode Committed() => JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root(), "functions", ApiDocument.CommittedFile)))!;

    [Fact]
    public void Every_http_function_is_described_under_its_route_and_methods_with_the_key_it_needs_and_nothing_else_is()
    {
        var paths = Committed()["paths"]!.AsObject();
        var functions = AppFunction.All.Where(f => f.Trigger == TriggerKind.Http).ToList();

        foreach (var function in functions)
        {
            foreach (var method in function.Methods)
            {
                var operation = paths["/" + function.Route]?[method];
                Assert.True(operation is not null, $"{function.Name}: {method.ToUpperInvariant()} /{function.Route} is not in the document");
                Assert.Equal(function.Name, operation["operationId"]!.GetValue<string>());
                Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{function.Name} has no summary");
                var schemes = operation["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)).ToList() ?? [];
                Assert.Equal(ExpectedSchemes(function.Access), schemes);
                var route = ApiDocument.RouteParameters(function.Route!).ToList();
                var documented = operation["parameters"]?.AsArray().Where(p => p!["in"]!.GetValue<string>() == "path").Select(p => p!["name"]!.GetValue<string>()).ToList() ?? [];
                Assert.Equal(route, documented);
                var answers = operation["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                Assert.True(answers.Any(s => s < 400), $"{function.Name} documents no success");
            }
        }

        var described = paths.SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}")).Order(StringComparer.Ordinal);
        var declared = functions.SelectMany(f => f.Methods.Select(m => $"{m.ToUpperInvariant()} /{f.Route}")).Order(StringComparer.Ordinal);
        Assert.Equal(declared, described);
    }

    [Fact]
    public async Task The_committed_document_is_the_one_the_local_host_serves_without_a_key()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        using var anonymous = app.ClientWith(null);

        var served = JsonNode.Parse(await anonymous.GetStringAsync(ApiDocument.DocumentPath, Ct));

        Assert.True(JsonNode.DeepEquals(Committed(), served), "the served document differs from functions/" + ApiDocument.CommittedFile + ": build the functions project and commit the file it writes");
    }

    private static List<string> ExpectedSchemes(FunctionAccess access) => access switch
    {
        FunctionAccess.Public => [],
        FunctionAccess.Ingestion => ["ingestionKey", "adminKey"],
        FunctionAccess.EventGrid => ["eventGridKey"],
        _ => ["adminKey"],
    };
}
