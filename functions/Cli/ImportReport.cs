namespace Reactivation.Functions.Cli;

/// <summary>What an import did.</summary>
/// <param name="Records">Records read (header and blank lines excluded).</param>
/// <param name="Written">Records stored (new events, or users created or changed).</param>
/// <param name="Duplicates">Events already stored.</param>
/// <param name="Rejected">Records rejected, each reported with its line number.</param>
/// <param name="Strict">Whether the import ran all-or-nothing.</param>
public sealed record ImportReport(long Records, long Written, long Duplicates, long Rejected, bool Strict);
