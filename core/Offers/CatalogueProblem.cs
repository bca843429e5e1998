namespace Reactivation.Core.Offers;

/// <summary>One thing wrong with an offer catalogue, and where.</summary>
/// <param name="Source">The file or document the catalogue came from.</param>
/// <param name="Location">A JSON path, for example <c>$.offers[2].threshold</c>.</param>
/// <param name="Message">What is wrong, as a sentence.</param>
/// <param name="Line">The 1-based line, when known (JSON syntax errors).</param>
public sealed record CatalogueProblem(string Source, string Location, string Message, long? Line = null)
{
    /// <inheritdoc />
    public override string ToString() => Line is { } line ? $"{Source}:{line}: {Location}: {Message}" : $"{Source}: {Location}: {Message}";
}
