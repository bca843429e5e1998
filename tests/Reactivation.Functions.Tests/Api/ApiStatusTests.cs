using System.Text.Json.Nodes;
using Reactivation.Functions.Hosting.OpenApi;
using Reactivation.Functions.Tests.Api.Statuses;
using Xunit;

namespace Reactivation.Functions.Tests.Api;

// Rows come from the committed document, which ApiDocumentTests proves is the served one: a status documented for an
// operation that no request can draw from it fails here, and so does one with no case to draw it.
public sealed class ApiStatusTests(ApiStatusFixture fixture) : IClassFixture<ApiStatusFixture>
{
    public static TheoryData<string, string, string, int> Documented()
    {
        var rows = new TheoryData<string, string, string, int>();
        foreach (var row in DocumentedRows())
        {
            rows.Add(row.Operation, row.Method, row.Route, row.Status);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Documented))]
    public async Task Every_documented_status_is_one_its_operation_answers(string operation, string method, string route, int status)
    {
        var row = new ApiRow(operation, method, route, status);
        var draw = StatusCaseGroups.Find(operation, status);
        Assert.True(draw is not null, $"{row}: no case draws this status; add one to the operation's group under Api/Statuses");

        using var response = await draw(fixture.Probe, row, TestContext.Current.CancellationToken);

        Assert.True((int)response.StatusCode == status, $"{row}: answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    /// <summary>Every (operation, method, route, status) the committed document holds.</summary>
    public static IEnumerable<ApiRow> DocumentedRows()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root(), "functions", ApiDocument.CommittedFile)))!;
        foreach (var (route, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                foreach (var (status, _) in operation!["responses"]!.AsObject())
                {
                    yield return new ApiRow(operation["operationId"]!.GetValue<string>(), method.ToUpperInvariant(), route, int.Parse(status, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
    }
}
