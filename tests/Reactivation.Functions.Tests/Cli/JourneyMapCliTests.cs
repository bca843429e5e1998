using Reactivation.Functions.Cli;
using Reactivation.Functions.Tests.Measurement;
using Xunit;

namespace Reactivation.Functions.Tests.Cli;

/// <summary><c>journeys show ID</c>: the journey map as text.</summary>
public sealed class JourneyMapCliTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Journeys_show_prints_each_step_with_its_live_counts_and_its_labelled_paths()
    {
        var seed = await JourneyMapSeed.StartAsync(azurite);
        await using var app = seed.App;
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await JourneysCommand.ShowAsync(app.Services, app.Client, "measured", "en", output, error, Ct);

        Assert.Equal(0, exit);
        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n');
        Assert.StartsWith("Journey map: measured (measured, version 1)", lines[0], StringComparison.Ordinal);
        Assert.Contains($"Journey control share: {seed.Control.Count}", lines[1], StringComparison.Ordinal);
        var sms = Array.IndexOf(lines, "sms [send: sms · return-gift-sms] (start)");
        Assert.True(sms > 0, output.ToString());
        Assert.StartsWith($"  entered {seed.Users}, waiting now 0, sent {seed.Treated.Count}, failed 0, skipped 0", lines[sms + 1], StringComparison.Ordinal);
        Assert.Equal("  --[next]--> wait-click", lines[sms + 2]);
        var wait = Array.IndexOf(lines, "wait-click [waitFor: click]");
        Assert.StartsWith($"  entered {seed.Users}, waiting now {seed.Waiting}, ", lines[wait + 1], StringComparison.Ordinal);
        Assert.EndsWith($"exited {seed.Returned.Count} (reactivated {seed.Returned.Count})", lines[wait + 1], StringComparison.Ordinal);
        Assert.Equal(["  --[on click]--> won", "  --[timeout 2d]--> lost"], lines[(wait + 2)..(wait + 4)]);
        Assert.Contains($"  entered {seed.Clicked.Count}, waiting now 0, sent 0, failed 0, skipped 0, exited {seed.Clicked.Count} (reactivated {seed.Clicked.Count})", lines);
        Assert.Contains("lost [exit: lost]", lines);
    }

    [Fact]
    public async Task Journeys_show_in_Chinese_labels_the_counts_and_paths_in_Chinese()
    {
        var seed = await JourneyMapSeed.StartAsync(azurite);
        await using var app = seed.App;
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await JourneysCommand.ShowAsync(app.Services, app.Client, "measured", "zh", output, error, Ct);

        Assert.Equal(0, exit);
        Assert.Contains("  --[超时 2d]--> lost", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"进入 {seed.Users}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journeys_show_of_an_unknown_journey_exits_1_and_says_so()
    {
        await using var app = await MeasuredJourney.StartAsync(azurite);
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await JourneysCommand.ShowAsync(app.Services, app.Client, "no-such-journey", "en", output, error, Ct);

        Assert.Equal(1, exit);
        Assert.Equal("error: no journey 'no-such-journey'", error.ToString().TrimEnd());
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task Journeys_show_is_a_verb_of_the_command_line_that_needs_storage_like_the_others()
    {
        var (originalOut, originalError) = (Console.Out, Console.Error);
        var (output, error) = (new StringWriter(), new StringWriter());
        Console.SetOut(output);
        Console.SetError(error);
        int exit;
        try
        {
            exit = await CommandLine.RunAsync(["journeys", "show", "standard"], Ct);
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }

        Assert.Equal(2, exit);
        Assert.StartsWith("error: invalid configuration: Storage:ConnectionString", error.ToString(), StringComparison.Ordinal);
    }
}
