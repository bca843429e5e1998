namespace Reactivation.Infra.Policy;

/// <summary>What one part of the contact-state migration did.</summary>
/// <param name="Name">The old table (or the profile mirrors).</param>
/// <param name="Read">Rows read.</param>
/// <param name="Copied">Rows that changed the new layout (the rest were already there).</param>
public sealed record MigrationStep(string Name, long Read, long Copied);
