using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Activity;
using Reactivation.Functions.Cli;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Ingestion;
using Xunit;

namespace Reactivation.Functions.Tests.Cli;

public sealed class ImporterTests(AzuriteFixture azurite)
{
    private static readonly string Day = DateTimeOffset.UtcNow.AddDays(-3).ToString("O");

    [Fact]
    public async Task An_ndjson_import_reports_bad_lines_by_number_imports_the_rest_and_is_safe_to_rerun()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var lines = $$"""
        {"eventId":"n1","userId":"imp","type":"login","occurredAt":"{{Day}}"}

        {"eventId":"n2","userId":"imp","type":"bogus","occurredAt":"{{Day}}"}
        {"eventId":"n3","userId":"imp","type":"purchase","amount":12.5,"occurredAt":"{{Day}}"}
        {not json
        """;
        var importer = ImporterOf(app);
        var rejected = new List<ValidationProblem>();

        var first = await importer.ImportEventsAsync(() => new StringReader(lines), ImportFormat.Ndjson, false, rejected.Add, null, TestContext.Current.CancellationToken);
        var again = await importer.ImportEventsAsync(() => new StringReader(lines), ImportFormat.Ndjson, false, _ => { }, null, TestContext.Current.CancellationToken);

        Assert.Equal((4L, 2L, 0L, 2L), (first.Records, first.Written, first.Duplicates, first.Rejected));
        Assert.Equal(["line 3/type", "line 5"], rejected.Select(r => r.Location).ToArray());
        Assert.Equal((0L, 2L), (again.Written, again.Duplicates));
        var profile = await app.Services.GetRequiredService<UserDirectory>().GetAsync("imp", TestContext.Current.CancellationToken);
        Assert.Equal(12.5m, profile!.TotalSpend);
    }

    [Fact]
    public async Task A_csv_import_maps_columns_by_header_and_reports_csv_line_numbers()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var csv = $"""
        userId,eventId,type,occurredAt,amount,currency
        csv-user,c1,purchase,{Day},20,USD
        csv-user,c2,purchase,{Day},abc,USD
        csv-user,c3,login,{Day},,
        """;
        var rejected = new List<ValidationProblem>();

        var report = await ImporterOf(app).ImportEventsAsync(() => new StringReader(csv), ImportFormat.Csv, false, rejected.Add, null, TestContext.Current.CancellationToken);

        Assert.Equal((3L, 2L, 1L), (report.Records, report.Written, report.Rejected));
        Assert.Equal("line 3", Assert.Single(rejected).Location);
        var profile = await app.Services.GetRequiredService<UserDirectory>().GetAsync("csv-user", TestContext.Current.CancellationToken);
        Assert.Equal(144m, profile!.TotalSpend);
    }

    [Fact]
    public async Task A_strict_import_with_one_bad_line_writes_nothing()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var users = """
        {"userId":"s1","email":"s1@example.com"}
        {"userId":"s2","email":"nope"}
        """;

        var report = await ImporterOf(app).ImportUsersAsync(() => new StringReader(users), ImportFormat.Ndjson, true, _ => { }, null, TestContext.Current.CancellationToken);

        Assert.Equal((0L, 1L), (report.Written, report.Rejected));
        Assert.Null(await app.Services.GetRequiredService<UserDirectory>().GetAsync("s1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_consent_import_records_each_change_once_as_source_import_and_names_bad_lines()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var csv = """
        changeId,userId,channel,purpose,state,at,textVersion
        k1,consent-imp,email,marketing,optIn,2026-01-05T10:00:00Z,signup-v2
        k2,consent-imp,fax,marketing,optIn,2026-01-05T10:00:00Z,signup-v2
        k3,consent-imp,sms,marketing,optOut,2026-02-01T10:00:00Z,
        """;
        var rejected = new List<ValidationProblem>();
        var ct = TestContext.Current.CancellationToken;

        var first = await ImporterOf(app).ImportConsentAsync(() => new StringReader(csv), ImportFormat.Csv, false, rejected.Add, null, ct);
        var again = await ImporterOf(app).ImportConsentAsync(() => new StringReader(csv), ImportFormat.Csv, false, _ => { }, null, ct);

        Assert.Equal((3L, 2L, 1L), (first.Records, first.Written, first.Rejected));
        Assert.Equal("line 3/channel", Assert.Single(rejected).Location);
        Assert.Equal((0L, 2L), (again.Written, again.Duplicates));
        var history = await app.Services.GetRequiredService<Reactivation.Infra.Policy.ConsentLedger>().HistoryAsync("consent-imp", ct);
        Assert.Equal(["k1", "k3"], history.Select(h => h.ChangeId).Order(StringComparer.Ordinal).ToArray());
        Assert.All(history, h => Assert.Equal("import", h.Source));
        Assert.Equal("signup-v2", history.Single(h => h.ChangeId == "k1").TextVersion);
    }

    private static Importer ImporterOf(RunningApp app) => new(
        app.Services.GetRequiredService<ActivityIngestor>(),
        app.Services.GetRequiredService<Reactivation.Infra.Journeys.JourneyEvents>(),
        app.Services.GetRequiredService<DurableTaskClient>(),
        app.Services.GetRequiredService<UserDirectory>(),
        app.Services.GetRequiredService<Reactivation.Infra.Policy.ConsentLedger>(),
        app.Services.GetRequiredService<ActivityValidationOptions>(),
        TimeProvider.System);
}
