namespace Reactivation.Infra.Journeys;

/// <summary>What enrolling one hand-off (or a manual start) did.</summary>
/// <param name="InstanceId">The instance started (or found already started for this hand-off), or null when skipped.</param>
/// <param name="Started">True when this call created the instance.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record EnrollmentResult(string? InstanceId, bool Started, string Reason);
