namespace Reactivation.Infra.Ingestion;

/// <summary>What an ingestion did.</summary>
/// <param name="Accepted">New events stored.</param>
/// <param name="Duplicates">Events already stored (by user and event id), so ignored.</param>
/// <param name="Users">Distinct users touched.</param>
/// <param name="NewUsers">Profiles created.</param>
public readonly record struct IngestionReport(int Accepted, int Duplicates, int Users, int NewUsers);
