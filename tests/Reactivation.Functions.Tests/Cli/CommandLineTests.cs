using System.Text.RegularExpressions;
using Reactivation.Functions.Cli;
using Xunit;

namespace Reactivation.Functions.Tests.Cli;

/// <summary>The verbs as a user types them.</summary>
[Collection(DemoCollection.Name)]
public sealed class CommandLineTests
{
    [Fact]
    public async Task The_demo_sweeps_a_population_time_lapses_its_journeys_and_ends_in_reports_that_count_what_the_simulated_users_did()
    {
        var output = new StringWriter();
        var (original, originalAnsi) = (Console.Out, Spectre.Console.AnsiConsole.Console);
        Console.SetOut(output);

        // Spectre.Console binds its console to standard output once, possibly before this test redirected it.
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(output), Ansi = Spectre.Console.AnsiSupport.No, ColorSystem = Spectre.Console.ColorSystemSupport.NoColors });
        int exit;
        try
        {
            exit = await CommandLine.RunAsync(["demo", "--users", "300", "--days", "31", "--seconds-per-day", "0", "--no-serve"], TestContext.Current.CancellationToken);
        }
        finally
        {
            Console.SetOut(original);
            Spectre.Console.AnsiConsole.Console = originalAnsi;
        }

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("300 users scanned", text, StringComparison.Ordinal);
        Assert.Contains("messages of hand-offs (up to 64 each) are waiting on the 'enrollments' queue", text, StringComparison.Ordinal);
        Assert.Matches(@"\{""schema"":1,""handoffId"":""\d{8}:u\d{7}""", text);
        Assert.Matches(@"Journeys: [1-9][0-9,]* instances", text);
        Assert.Matches(@"Outbox: [1-9][0-9,]* messages", text);
        Assert.Matches(@"\n  31 +\d{4}-\d\d-\d\d ", text);
        var check = Regex.Match(text, @"treated in (\d+) of (\d+) journeys and untreated in (\d+) of (\d+)");
        Assert.True(check.Success, "the demo checks its reports against the simulation");
        Assert.True(int.Parse(check.Groups[2].Value) > 0);
        Assert.Equal(check.Groups[2].Value, check.Groups[1].Value);
        Assert.Equal(check.Groups[4].Value, check.Groups[3].Value);
        Assert.Contains("Estimated lift against the truth", text, StringComparison.Ordinal);
        Assert.Matches(@"Messages sent over the run: [1-9][0-9,]* \(0 failed for good\)", text);
        Assert.Matches(@"Journey [a-z0-9-]+ \(.*\): \d{4}-\d\d-\d\d to", text);
    }

    [Fact]
    public async Task Simulate_prints_the_timeline_and_outcome_of_a_default_journey_for_a_scripted_user()
    {
        var (exit, output, _) = await RunAsync("simulate", "standard", "--script", "click@2d,return@9d");

        Assert.Equal(0, exit);
        Assert.Contains("gift-email       sent", output, StringComparison.Ordinal);
        Assert.Contains("await-first      eventReceived  click", output, StringComparison.Ordinal);
        Assert.Contains("outcome: Reactivated", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journeys_validate_exits_1_and_locates_every_problem_in_a_bad_definition()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            { "id": "bad", "version": 1, "entry": {}, "start": "a",
              "steps": [ { "id": "a", "kind": "send", "channel": "sms", "template": "no-such-template", "next": "b" },
                         { "id": "orphan", "kind": "exit", "outcome": "lost" } ] }
            """, TestContext.Current.CancellationToken);

        var (exit, output, error) = await RunAsync("journeys", "validate", file);

        Assert.Equal(1, exit);
        Assert.Contains("$.steps[0] (a).template: unknown template 'no-such-template'", error, StringComparison.Ordinal);
        Assert.Contains("$.steps[0] (a).next: unknown step 'b'", error, StringComparison.Ordinal);
        Assert.Contains("$.steps[1] (orphan): step 'orphan' is unreachable", error, StringComparison.Ordinal);
        Assert.Contains("0 valid, 3 problem(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Samplesize_prints_users_per_arm_and_refuses_an_effect_given_two_ways()
    {
        var (exit, output, _) = await RunAsync("samplesize", "--baseline", "0.123", "--lift", "0.15");
        var (refused, _, error) = await RunAsync("samplesize", "--baseline", "0.123", "--lift", "0.15", "--absolute", "0.01");

        Assert.Equal(0, exit);
        Assert.Contains("5,291 users per arm", output, StringComparison.Ordinal);
        Assert.Equal(2, refused);
        Assert.Contains("not both or neither", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("samplesize --baseline 0.123 --lift abc", "error: --lift: 'abc' is not a number (e.g. 0.15) (see --help)")]
    [InlineData("samplesize --baseline x --lift 0.1", "error: --baseline: 'x' is not a number (e.g. 0.15) (see --help)")]
    [InlineData("users notsent u1 --limit many", "error: --limit: 'many' is not a whole number (see --help)")]
    [InlineData("sweeep", "error: Unrecognized command or argument 'sweeep'. (see --help)")]
    public async Task A_bad_argument_is_one_readable_line_and_exit_code_2(string commandLine, string expected)
    {
        var (exit, _, error) = await RunAsync(commandLine.Split(' '));

        Assert.Equal(2, exit);
        Assert.Equal(expected, error.TrimEnd('\n', '\r'));
    }

    [Theory]
    [InlineData("users", "notsent", "u1")]
    [InlineData("audit", "u1")]
    [InlineData("journeys", "list")]
    [InlineData("report", "standard")]
    [InlineData("migrate")]
    public async Task A_storage_backed_verb_without_storage_configured_says_so_in_one_line_with_exit_code_2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: invalid configuration: Storage:ConnectionString or Storage:AccountName is required", line, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bat [\w.]+\(|Exception", line);
    }

    [Fact]
    public void Storage_out_of_reach_and_a_storage_refusal_read_as_one_line_without_the_response_dump()
    {
        var unreachable = new Azure.RequestFailedException(0, "Retry failed after 4 tries.", new HttpRequestException("Connection refused (127.0.0.1:1)"));
        var refused = new Azure.RequestFailedException(403, "Server failed to authenticate the request.\nStatus: 403\nErrorCode: AuthenticationFailed\nHeaders: ...", "AuthenticationFailed", null);

        Assert.Equal("storage is out of reach: Connection refused (127.0.0.1:1)", CliErrors.Describe(unreachable));
        Assert.Equal("storage answered 403 AuthenticationFailed: Server failed to authenticate the request.", CliErrors.Describe(refused));
        Assert.Equal("NullReferenceException: Object reference not set to an instance of an object.", CliErrors.Describe(new NullReferenceException()));
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (originalOut, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exit = await CommandLine.RunAsync(args, TestContext.Current.CancellationToken);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
