namespace Reactivation.Functions.Cli;

/// <summary>Import file formats.</summary>
public enum ImportFormat
{
    /// <summary>One JSON object per line, in the API's shape.</summary>
    Ndjson,
    /// <summary>Comma-separated with a header row naming the API's fields.</summary>
    Csv,
}
