namespace Reactivation.Infra.Ingestion;

/// <summary>What a profile write did.</summary>
/// <param name="Created">Profiles created.</param>
/// <param name="Updated">Existing profiles changed.</param>
public readonly record struct ProfileWriteReport(int Created, int Updated);
