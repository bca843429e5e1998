using Reactivation.Functions.Cli;
using Xunit;

namespace Reactivation.Functions.Tests.Cli;

/// <summary>The verbs as a user types them.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task The_demo_seeds_a_population_sweeps_it_and_exits_when_asked_not_to_serve()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        int exit;
        try
        {
            exit = await CommandLine.Build().Parse(["demo", "--users", "300", "--no-serve"]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("300 users scanned", text, StringComparison.Ordinal);
        Assert.Contains("hand-offs are waiting on the 'enrollments' queue", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_functions_writes_host_json_and_a_function_json_per_function()
    {
        var output = Path.Combine(Path.GetTempPath(), "gen-" + Guid.NewGuid().ToString("N"));

        var exit = await CommandLine.Build().Parse(["generate-functions", "--out", output]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(output, "host.json")));
        Assert.True(File.Exists(Path.Combine(output, "SweepShard", "function.json")));
        Assert.True(File.Exists(Path.Combine(output, "PostActivity", "function.json")));
    }

    [Fact]
    public async Task An_unknown_verb_fails_with_a_usage_error()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = await CommandLine.Build().Parse(["sweeep"]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            Assert.NotEqual(0, exit);
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
