using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Core.Sharding;
using Reactivation.Core.Users;
using Reactivation.Fakes.Messaging;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Local;
using Reactivation.Infra.Messaging;
using Reactivation.Infra.Policy;
using Reactivation.Infra.Storage;
using Spectre.Console;

namespace Reactivation.Benchmarks;

/// <summary>
/// Sends SMS to users in Azurite through the <see cref="IMessageChannel"/> the app registers (built by
/// <see cref="ServiceRegistration.AddReactivation"/> from settings that point ACS at the fake server on loopback, so every
/// decorator the app adds is measured), and in the same run raw signed POSTs of the same request body to the same fake
/// at the same parallelism. Prints both rates and the ratio, and fails when the fake did not count exactly one message
/// per send of ours.
/// </summary>
public static class SendBenchmark
{
    // A marketing SMS with no offer: the raw baseline must post the very same text, and a coupon code differs per send.
    private const string Template = "care-sms";
    private const string SmsFrom = "+18005550100";
    private const string Locale = "zh-CN";
    private const int MaxWarmUp = 500;
    private const double Budget = 0.5;
    private const double StorageBudget = 0.8;

    /// <summary>Runs the benchmark and prints the figures; 1 when the fake's count shows a lost or doubled message.</summary>
    public static async Task<int> RunAsync(int count, int parallelism, string commandLine, CancellationToken cancellationToken)
    {
        var warmUp = Math.Min(MaxWarmUp, count);
        Console.WriteLine($"send benchmark: {count:N0} SMS ({Locale}, template {Template}) to {count:N0} users, {parallelism} in flight, {warmUp:N0} warm-up sends each way");
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
        await using var acs = await FakeAcsServer.StartAsync(logRequests: false, cancellationToken);
        var storageOperations = new StorageOperationCounter();
        await using var services = BuildServices(azurite, acs, storageOperations);
        var channel = services.GetRequiredService<IMessageChannel>();
        var users = Enumerable.Range(0, count).Select(i => User($"s{i:D7}", $"+86139{i:D8}")).ToArray();
        var warmUsers = Enumerable.Range(0, warmUp).Select(i => User($"w{i:D7}", $"+86138{i:D8}")).ToArray();
        await CreateUsersAsync(services.GetRequiredService<UserDirectory>(), [.. warmUsers, .. users], cancellationToken);
        await RecordOptInsAsync(services.GetRequiredService<ConsentLedger>(), [.. warmUsers, .. users], parallelism, cancellationToken);

        var text = services.GetRequiredService<TemplateCatalogue>().Render(Template, Locale, new Dictionary<string, string?>()).Body;
        var connection = AcsConnectionString.TryParse(acs.ConnectionString, out _)!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var raw = new RawSmsSender(http, connection, SmsFrom, text);
        var firstAttemptAt = TimeProvider.System.GetUtcNow();

        // Warm both paths (JIT, connection pools, the tables' clients), and check on one send that the raw baseline
        // posts the very body the product does.
        await ProgressPhase.RunAsync("warm-up: product", warmUp, parallelism, (i, ct) => ProductSendAsync(channel, warmUsers[i], firstAttemptAt, null, ct), cancellationToken);
        await ProgressPhase.RunAsync("warm-up: raw", warmUp, parallelism, (i, ct) => raw.SendAsync(warmUsers[i].Phone!, "raw~" + SendKey(warmUsers[i]), SendKey(warmUsers[i]), firstAttemptAt, ct),
            cancellationToken);
        if (!SameBody(acs, raw, warmUsers[0], firstAttemptAt))
        {
            return Fail("the raw baseline's request body differs from the product's; the comparison would be between different requests");
        }

        acs.RecordRequests = false;
        var failures = new ConcurrentQueue<string>();
        var (messagesBefore, requestsBefore, authBefore) = (acs.Messages.Count, acs.RequestCount, acs.AuthFailures);
        storageOperations.Reset();
        var productSeconds = await ProgressPhase.RunAsync("product: IMessageChannel.SendAsync", count, parallelism,
            (i, ct) => ProductSendAsync(channel, users[i], firstAttemptAt, failures, ct), cancellationToken);
        var ours = acs.Messages.Skip(messagesBefore).ToList();
        var productRequests = acs.RequestCount - requestsBefore;
        var productStorage = (double)storageOperations.Count / count;
        var problems = Check(users, ours, failures, acs.AuthFailures - authBefore);

        var rawSeconds = await RawPhaseAsync(acs, "raw: signed HttpClient POST", count, parallelism, problems,
            (i, ct) => raw.SendAsync(users[i].Phone!, "raw~" + SendKey(users[i]), SendKey(users[i]), firstAttemptAt, ct), cancellationToken);

        // The same raw POST after the fewest storage calls a send with an exact cap can make, as bare Azure.Data.Tables
        // calls: what our own code costs on top of the storage a send cannot do without.
        var account = services.GetRequiredService<StorageAccount>();
        storageOperations.Reset();
        var readsSeconds = await RawPhaseAsync(acs, "raw: the same 3 storage calls, then the POST", count, parallelism, problems, async (i, ct) =>
        {
            await RawStorageAsync(account, users[i].UserId, "rawio~" + SendKey(users[i]), ct);
            await raw.SendAsync(users[i].Phone!, "rawio~" + SendKey(users[i]), SendKey(users[i]), firstAttemptAt, ct);
        }, cancellationToken);
        var rawStorage = (double)storageOperations.Count / count;

        var (product, baseline, withReads) = (count / productSeconds, count / rawSeconds, count / readsSeconds);
        Console.WriteLine();
        Console.WriteLine($"command: dotnet run -c Release --project tests/Reactivation.Benchmarks -- {commandLine}");
        Console.WriteLine($"{"figure",-52} {"product",9} {"raw baseline",14} {"ratio",7}  budget");
        Console.WriteLine($"{"SMS sends/s, against raw signed POSTs",-52} {product,9:N0} {baseline,14:N0} {product / baseline,7:0.00}  " +
            $"{Budget:0.0}{(product / baseline < Budget ? " (missed)" : "")}");
        Console.WriteLine($"{"SMS sends/s, against 3 raw storage calls + signed POSTs",-52} {product,9:N0} {withReads,14:N0} {product / withReads,7:0.00}  " +
            $"{StorageBudget:0.0}{(product / withReads < StorageBudget ? " (missed)" : "")}");
        Console.WriteLine($"product: {count:N0} sends in {productSeconds:0.00} s, {productStorage:0.00} storage operations per send, {productRequests:N0} requests to the fake, " +
            $"{ours.Count:N0} messages counted by it");
        Console.WriteLine($"raw: {count:N0} POSTs in {rawSeconds:0.00} s; raw storage calls + POSTs in {readsSeconds:0.00} s, {rawStorage:0.00} storage operations per send");
        if (problems.Count > 0)
        {
            return Fail(string.Join(Environment.NewLine, problems));
        }

        AnsiConsole.MarkupLine($"[green]checked[/]: the fake counted exactly one message for each of our {count:N0} sends");
        return 0;
    }

    private static UserUpdate User(string id, string phone) => new(id, phone, null, "Asia/Shanghai", Locale, "CN", null);

    private static string SendKey(UserUpdate user) => $"sends~{user.UserId}~1~sms~1";

    // The app's own graph from the app's own settings binding and validation; only the addresses are the benchmark's,
    // and the storage counter, which StorageAccount takes as its per-call policy when one is registered.
    private static ServiceProvider BuildServices(AzuriteProcess azurite, FakeAcsServer acs, StorageOperationCounter storageOperations)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Prefix"] = "sends",
            ["Acs:ConnectionString"] = acs.ConnectionString,
            ["Acs:SmsFrom"] = SmsFrom,
            ["Acs:EmailSender"] = "DoNotReply@mail.example.com",

            // No quiet hours, so the figures do not depend on the hour the benchmark runs; the policy still reads and
            // records everything it does for a real send.
            ["Policy:QuietFrom"] = "00:00",
            ["Policy:QuietUntil"] = "00:00",
        }).Build();
        return new ServiceCollection().AddLogging().AddSingleton<HttpPipelinePolicy>(storageOperations)
            .AddReactivation(AppSettings.Load(configuration)).BuildServiceProvider();
    }

    private static async Task CreateUsersAsync(UserDirectory directory, UserUpdate[] users, CancellationToken cancellationToken)
    {
        // Batches, so the bar moves; each batch is written with the directory's own parallelism.
        var batches = users.Chunk(500).ToArray();
        await ProgressPhase.RunAsync($"set-up: {users.Length:N0} users with phone numbers, batches of 500", batches.Length, 1,
            async (i, ct) => await directory.UpsertAsync(batches[i], ct), cancellationToken);
    }

    // The users are in CN, whose compliance profile sends marketing SMS only on an opt-in: each gets one, recorded as
    // POST /api/consent records it (the ledger row, its audit entry and the consent flag the contact policy reads).
    private static async Task RecordOptInsAsync(ConsentLedger ledger, UserUpdate[] users, int parallelism, CancellationToken cancellationToken)
    {
        var at = TimeProvider.System.GetUtcNow().AddDays(-1);
        await ProgressPhase.RunAsync($"set-up: {users.Length:N0} SMS marketing opt-ins through the consent ledger", users.Length, parallelism, async (i, ct) =>
            await ledger.RecordAsync(
                new ConsentChange($"optin-{users[i].UserId}", users[i].UserId, new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedIn, "api", "bench-v1", at),
                    "bench-v1", null, null, null),
                ct), cancellationToken);
    }

    private static async ValueTask ProductSendAsync(
        IMessageChannel channel, UserUpdate user, DateTimeOffset firstAttemptAt, ConcurrentQueue<string>? failures, CancellationToken cancellationToken)
    {
        var instance = $"sends~{user.UserId}~1";
        var message = new OutboundMessage(SendKey(user), instance, "sends", "sms", user.UserId, Channel.Sms, Template, null, null, 1, firstAttemptAt);
        var result = await channel.SendAsync(message, cancellationToken);
        if (result.Status == SendStatus.Sent)
        {
            return;
        }

        var problem = $"{user.UserId}: {result.Status} {result.Detail}";
        if (failures is null)
        {
            throw new InvalidOperationException("a warm-up send failed: " + problem);
        }

        failures.Enqueue(problem);
    }

    // Exactly one message per user of ours: none missing, none twice, none to anyone else.
    private static List<string> Check(
        UserUpdate[] users, List<(string Channel, string To, string Text, JsonObject? Headers)> ours, ConcurrentQueue<string> failures, int authFailures)
    {
        var problems = failures.Take(5).Select(f => "send not sent: " + f).ToList();
        if (failures.Count > 5)
        {
            problems.Add($"... {failures.Count:N0} sends not sent in all");
        }

        var phones = users.Select(u => u.Phone!).ToHashSet(StringComparer.Ordinal);
        var perRecipient = ours.GroupBy(m => m.To, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missing = phones.Count(p => !perRecipient.ContainsKey(p));
        var doubled = perRecipient.Count(p => p.Value > 1);
        var strangers = perRecipient.Keys.Count(to => !phones.Contains(to));
        if (ours.Count != users.Length || missing > 0 || doubled > 0 || strangers > 0)
        {
            problems.Add($"the fake counted {ours.Count:N0} messages for {users.Length:N0} sends: {missing:N0} recipients got none, {doubled:N0} got more than one, " +
                $"{strangers:N0} were not ours");
        }

        if (authFailures > 0)
        {
            problems.Add($"{authFailures:N0} requests failed the fake's signature check");
        }

        return problems;
    }

    private static bool SameBody(FakeAcsServer acs, RawSmsSender raw, UserUpdate user, DateTimeOffset firstAttemptAt)
    {
        var product = acs.Requests.First(r => r.Kind == "sms" && r.Body!["smsRecipients"]![0]!["to"]!.GetValue<string>() == user.Phone).Body;
        return JsonNode.DeepEquals(product, JsonNode.Parse(raw.Body(user.Phone!, SendKey(user), SendKey(user), firstAttemptAt)));
    }

    // A raw phase must also have become exactly one message per POST at the fake, or it did less work than ours.
    private static async Task<double> RawPhaseAsync(
        FakeAcsServer acs, string title, int count, int parallelism, List<string> problems, Func<int, CancellationToken, ValueTask> item, CancellationToken cancellationToken)
    {
        var before = acs.Messages.Count;
        var seconds = await ProgressPhase.RunAsync(title, count, parallelism, item, cancellationToken);
        if (acs.Messages.Count - before != count)
        {
            problems.Add($"{title}: {count:N0} POSTs became {acs.Messages.Count - before:N0} messages");
        }

        return seconds;
    }

    // The fewest storage calls one marketing SMS can cost with an exact cross-journey cap, as bare Azure.Data.Tables
    // calls: one partition query of the user's contact state (consent, ledger, blocks, profile mirror), one write of the
    // ledger row conditioned on the ETag that query returned, and, once ACS accepted, the delivery-index row.
    private static async Task RawStorageAsync(StorageAccount account, string userId, string sendKey, CancellationToken cancellationToken)
    {
        var contacts = await account.ContactsAsync(ShardMap.ShardOf(userId, account.Options.ShardCount), cancellationToken);
        ETag? ledgerETag = null;
        await foreach (var row in contacts.QueryAsync<TableEntity>(e => e.PartitionKey == userId, cancellationToken: cancellationToken))
        {
            ledgerETag = row.RowKey == "ledger" ? row.ETag : ledgerETag;
        }

        var ledger = new TableEntity(userId, "ledger") { ["Ledger"] = $"{{\"touches\":[{{\"key\":\"{sendKey}\"}}]}}" };
        await (ledgerETag is { } etag
            ? contacts.UpdateEntityAsync(ledger, etag, TableUpdateMode.Replace, cancellationToken)
            : contacts.AddEntityAsync(ledger, cancellationToken));
        var deliveries = await account.TableAsync("deliveries", cancellationToken);
        await deliveries.UpsertEntityAsync(new TableEntity(Guid.NewGuid().ToString(), "send") { ["SendKey"] = sendKey, ["User"] = userId }, TableUpdateMode.Replace, cancellationToken);
    }

    private static int Fail(string problem)
    {
        AnsiConsole.MarkupLine($"[bold red]FAILED[/]: {Markup.Escape(problem)}");
        return 1;
    }
}
