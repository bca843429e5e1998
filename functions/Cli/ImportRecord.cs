namespace Reactivation.Functions.Cli;

/// <summary>One record read from an import file, or the reason it could not be read.</summary>
/// <param name="Line">The 1-based line number it starts on.</param>
/// <param name="Value">The record, or null.</param>
/// <param name="Error">Why it could not be read, or null.</param>
public sealed record ImportRecord<T>(long Line, T? Value, string? Error) where T : class;
