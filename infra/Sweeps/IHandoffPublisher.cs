using Reactivation.Core.Sweeps;

namespace Reactivation.Infra.Sweeps;

/// <summary>Puts hand-offs where the journey stage reads them.</summary>
public interface IHandoffPublisher
{
    /// <summary>Publishes every hand-off; at least once each.</summary>
    Task PublishAsync(IReadOnlyList<EnrollmentHandoff> handoffs, CancellationToken cancellationToken = default);
}
