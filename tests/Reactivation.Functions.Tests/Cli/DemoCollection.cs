using Xunit;

namespace Reactivation.Functions.Tests.Cli;

/// <summary>
/// Tests that run the demo, one at a time: its progress display is Spectre.Console's, which refuses two live displays in
/// one process, and each demo asks for Azurite's usual ports.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DemoCollection
{
    public const string Name = "demo";
}
