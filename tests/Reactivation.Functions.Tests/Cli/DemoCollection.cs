using Xunit;

namespace Reactivation.Functions.Tests.Cli;

/// <summary>
/// Tests that run the demo, one at a time and alone, after the tests that run side by side: its progress display is
/// Spectre.Console's, which refuses two live displays in one process, each demo asks for Azurite's usual ports, and a
/// demo runs every shipped journey on its own task hub: under the rest of the suite's load on two cores, its
/// orchestrations sat unstarted for minutes (alone, the whole demo takes under 30 s).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoCollection
{
    public const string Name = "demo";
}
