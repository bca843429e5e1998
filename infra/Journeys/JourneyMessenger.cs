using Microsoft.Extensions.Logging;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Journeys;

/// <summary>
/// Makes one send a journey decided: builds the outbound message and calls the channel (contact policy, offers,
/// provider) under the attempt timeout, turning every way it can go wrong into an answer the decider understands.
/// </summary>
/// <remarks>
/// A passing outage or a timeout is a transient failure (retried under the step's policy, with the same send key, which
/// the provider takes as the same message); anything else is a fault that a retry would only repeat.
/// </remarks>
public sealed class JourneyMessenger(IMessageChannel channel, JourneyOptions options, TimeProvider clock, ILogger<JourneyMessenger> logger)
{
    /// <summary>Sends <paramref name="send"/> for the instance in <paramref name="state"/>.</summary>
    public async Task<SendResult> SendAsync(JourneyState state, SendCommand send, CancellationToken cancellationToken)
    {
        var message = new OutboundMessage(
            send.SendKey, state.InstanceId, state.JourneyId, send.StepId, state.UserId, send.Channel, send.Template, send.Offer, send.Variant, send.Attempt,
            state.FirstAttemptAt ?? clock.GetUtcNow())
        {
            Context = state.Context,
            FallbackTemplate = send.FallbackTemplate,
            Reminded = send.Reminded,
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.SendAttemptTimeout);
        try
        {
            return await channel.SendAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("send {SendKey} attempt {Attempt} did not finish within {Timeout}", send.SendKey, send.Attempt, options.SendAttemptTimeout);
            return SendResult.Transient($"the attempt did not finish within Journeys:SendAttemptTimeout ({options.SendAttemptTimeout:c})");
        }
        catch (Exception ex) when (Outage.IsPassing(ex))
        {
            logger.LogWarning(ex, "send {SendKey} failed on attempt {Attempt}", send.SendKey, send.Attempt);
            return SendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault in the send path (ours, or a template that cannot render) would fail the same way on every retry.
            logger.LogError(ex, "send {SendKey} failed with a fault on attempt {Attempt}; not retried", send.SendKey, send.Attempt);
            return SendResult.Permanent($"error: {ex.GetType().Name}: {ex.Message}", code: NotSentReason.SendError);
        }
    }
}
