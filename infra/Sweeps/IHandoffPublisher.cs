using Reactivation.Core.Sweeps;

namespace Reactivation.Infra.Sweeps;

/// <summary>Puts hand-offs where the journey stage reads them.</summary>
public interface IHandoffPublisher
{
    /// <summary>Publishes every hand-off, at least once each, each visible to enrollment no earlier than <paramref name="release"/> says.</summary>
    Task PublishAsync(IReadOnlyList<EnrollmentHandoff> handoffs, HandoffRelease release, CancellationToken cancellationToken = default);
}
