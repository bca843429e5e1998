using System.Text.RegularExpressions;
using Reactivation.Functions.Cli;
using Xunit;

namespace Reactivation.Functions.Tests.Cli;

/// <summary>The README's samples are what the product ships and prints, so a newcomer who runs them sees the same thing.</summary>
[Collection(DemoCollection.Name)]
public sealed partial class ReadmeSampleTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(Repository.Root(), "README.md"));

    [Fact]
    public void The_readme_shows_the_shipped_standard_journey_as_it_is_in_its_file()
    {
        var shipped = File.ReadAllText(Path.Combine(Repository.Root(), "functions", "journeys", "standard.json")).ReplaceLineEndings("\n").TrimEnd();

        var block = Blocks("json").Single(b => b.Contains("\"id\": \"standard\"", StringComparison.Ordinal));

        Assert.Equal(shipped, block);
    }

    [Fact]
    public async Task The_readme_simulate_sample_is_what_the_command_prints()
    {
        const string Prompt = "$ dotnet run --project functions -- ";
        var sample = Blocks("").Single(b => b.StartsWith(Prompt + "simulate ", StringComparison.Ordinal));
        var command = sample.Split('\n')[0][Prompt.Length..];
        var args = ArgumentPattern().Matches(command).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Value).ToArray();
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, await CommandLine.RunAsync(args, TestContext.Current.CancellationToken));
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(string.Join('\n', sample.Split('\n').Skip(1)), output.ToString().ReplaceLineEndings("\n").TrimEnd());
    }

    // Fenced blocks of one info string, their text without the fences, read fence by fence as Markdown does.
    private static IEnumerable<string> Blocks(string info)
    {
        (string Info, List<string> Lines)? open = null;
        foreach (var line in Readme.ReplaceLineEndings("\n").Split('\n'))
        {
            if (!line.StartsWith("```", StringComparison.Ordinal))
            {
                open?.Lines.Add(line);
            }
            else if (open is { } block)
            {
                if (block.Info == info)
                {
                    yield return string.Join('\n', block.Lines);
                }

                open = null;
            }
            else
            {
                open = (line[3..].Trim(), []);
            }
        }
    }

    [GeneratedRegex("\"([^\"]*)\"|\\S+")]
    private static partial Regex ArgumentPattern();
}
