namespace Reactivation.Infra.Ingestion;

/// <summary>What applying a change to one profile did.</summary>
/// <param name="Created">The profile row did not exist and was created.</param>
/// <param name="Changed">The profile was written (created or changed); false when the change left it as it was.</param>
/// <param name="EverEnrolled">The profile's <see cref="Core.Profiles.UserProfile.EverEnrolled"/> marker as written or found.</param>
public readonly record struct ProfileWrite(bool Created, bool Changed, bool? EverEnrolled);
