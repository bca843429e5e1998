using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Journeys;

/// <summary>Delivers messages. Implementations must be idempotent by <see cref="OutboundMessage.SendKey"/>.</summary>
public interface IMessageChannel
{
    /// <summary>Sends <paramref name="message"/> (or recognises it as already sent) and says how it went.</summary>
    /// <remarks>Exceptions are treated as transient failures.</remarks>
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}
