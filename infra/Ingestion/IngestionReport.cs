namespace Reactivation.Infra.Ingestion;

/// <summary>What an ingestion did.</summary>
/// <param name="Accepted">New events stored.</param>
/// <param name="Duplicates">Events already stored (by user and event id), so ignored.</param>
/// <param name="Users">Distinct users touched.</param>
/// <param name="NewUsers">Profiles created.</param>
/// <param name="Enrolled">
/// The users touched whose profile says a journey enrollment has claimed their membership: the only ones that can have a
/// membership, so the only ones whose membership the journey events need to read.
/// </param>
public readonly record struct IngestionReport(int Accepted, int Duplicates, int Users, int NewUsers, IReadOnlySet<string> Enrolled);
