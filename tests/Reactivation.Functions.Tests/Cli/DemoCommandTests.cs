using System.Net;
using System.Text.RegularExpressions;
using Reactivation.Fakes.Messaging;
using Reactivation.Functions.Cli;
using Reactivation.Infra.Local;
using Xunit;

namespace Reactivation.Functions.Tests.Cli;

/// <summary>The demo as a newcomer meets it: served with a key of its own, resumable on storage that outlives it, and honest when it sent nothing.</summary>
[Collection(DemoCollection.Name)]
public sealed class DemoCommandTests
{
    private static readonly DemoSettings Small = new(Users: 80, Seed: 7, Days: 1, SecondsPerDay: TimeSpan.Zero, HoldoutPercent: 20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_served_demo_prints_a_report_url_and_curl_lines_that_work_with_the_key_it_made_for_its_session()
    {
        var urls = $"http://127.0.0.1:{Loopback.FreePort()}";
        var output = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var demo = DemoCommand.RunAsync(Small, serve: true, new DemoConsole(TextWriter.Synchronized(output), TextWriter.Null), new Dictionary<string, string?> { ["Host:Urls"] = urls }, stop.Token);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!output.ToString().Contains("/api/instances?", StringComparison.Ordinal) && !demo.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }

        try
        {
            var text = output.ToString();
            Assert.DoesNotContain("<Admin:Key>", text, StringComparison.Ordinal);
            var key = Regex.Match(text, "admin key is (demo-[0-9a-f]{32})").Groups[1].Value;
            Assert.NotEmpty(key);
            using var browser = new HttpClient();
            using var open = new HttpRequestMessage(HttpMethod.Get, Regex.Match(text, @"open (\S+\?code=\S+)").Groups[1].Value);
            open.Headers.Add("Accept", "text/html,application/xhtml+xml");
            var page = await browser.SendAsync(open, Ct);
            Assert.Equal((HttpStatusCode.OK, "text/html"), (page.StatusCode, page.Content.Headers.ContentType?.MediaType));
            foreach (Match curl in Regex.Matches(text, @"curl -H 'x-functions-key: (\S+)' '?(http[^'\s]+)"))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, curl.Groups[2].Value);
                request.Headers.Add("x-functions-key", curl.Groups[1].Value);
                Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(request, Ct)).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(curl.Groups[2].Value, Ct)).StatusCode);
            }

            Assert.Equal(3, Regex.Matches(text, "curl -H").Count);
        }
        finally
        {
            // Ctrl+C: the demo stops serving and exits cleanly.
            await stop.CancelAsync();
            Assert.Equal(0, await demo);
        }
    }

    [Fact]
    public async Task A_demo_started_again_on_the_storage_of_an_earlier_one_resumes_instead_of_generating_its_users_again()
    {
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: Ct);
        var settings = Small with { Storage = azurite.ConnectionString };
        var (first, second) = (new StringWriter(), new StringWriter());

        Assert.Equal(0, await DemoCommand.RunAsync(settings, serve: false, new DemoConsole(first, TextWriter.Null), null, Ct));
        Assert.Equal(0, await DemoCommand.RunAsync(settings, serve: false, new DemoConsole(second, TextWriter.Null), null, Ct));

        Assert.DoesNotContain("Resuming", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("Resuming: this storage holds an earlier demo's users", second.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_demo_pointed_at_a_provider_sends_through_it_with_requests_signed_by_the_real_clock()
    {
        await using var acs = await FakeAcsServer.StartAsync(logRequests: false, Ct);

        var exit = await DemoCommand.RunAsync(Small, serve: false, new DemoConsole(TextWriter.Null, TextWriter.Null), Provider(acs.ConnectionString), Ct);

        Assert.Equal(0, exit);
        Assert.NotEmpty(acs.Messages);
        Assert.Equal(0, acs.AuthFailures);
    }

    [Fact]
    public async Task A_demo_whose_every_send_is_refused_says_it_sent_nothing_and_exits_non_zero()
    {
        await using var acs = await FakeAcsServer.StartAsync(logRequests: false, Ct);
        var wrongKey = Regex.Replace(acs.ConnectionString, "accesskey=.*$", "accesskey=" + Convert.ToBase64String(new byte[32]));
        var errors = new StringWriter();

        // Every channel refuses: ACS with a key it rejects, and no local outbox for the webhook steps to fall back on.
        var configuration = Provider(wrongKey);
        configuration["Messaging:UseLocalOutbox"] = "false";

        var exit = await DemoCommand.RunAsync(Small, serve: false, new DemoConsole(TextWriter.Null, errors), configuration, Ct);

        Assert.Equal(1, exit);
        Assert.True(acs.AuthFailures > 0);
        Assert.Empty(acs.Messages);
        Assert.Contains("the demo sent no message", errors.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Provider(string connectionString) => new()
    {
        ["Acs:ConnectionString"] = connectionString,
        ["Acs:SmsFrom"] = "+18005550100",
        ["Acs:EmailSender"] = "DoNotReply@mail.example.com",
        ["Host:Urls"] = $"http://127.0.0.1:{Loopback.FreePort()}",
    };
}
