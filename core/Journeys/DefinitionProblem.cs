namespace Reactivation.Core.Journeys;

/// <summary>One thing wrong with a journey definition, and where.</summary>
/// <param name="Source">The file or document the definition came from.</param>
/// <param name="Location">A JSON path, for example <c>$.steps[2].next</c>.</param>
/// <param name="Message">What is wrong, as a sentence.</param>
/// <param name="Line">The 1-based line, when known.</param>
public sealed record DefinitionProblem(string Source, string Location, string Message, long? Line = null)
{
    /// <inheritdoc />
    public override string ToString() => Line is { } line ? $"{Source}:{line}: {Location}: {Message}" : $"{Source}: {Location}: {Message}";
}
