namespace Reactivation.Infra.Measurement;

/// <summary>One POST of an alert to the webhook.</summary>
/// <param name="AlertId">The alert (<see cref="Core.Measurement.Alerts.Alert.Id"/>).</param>
/// <param name="Delivered">True when the webhook accepted it.</param>
/// <param name="Error">Why it failed; null when delivered.</param>
public sealed record AlertAttempt(string AlertId, bool Delivered, string? Error);
