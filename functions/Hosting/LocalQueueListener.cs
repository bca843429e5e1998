using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Reactivation.Infra.Storage;

namespace Reactivation.Functions.Hosting;

/// <summary>The local host's queue trigger: polls every queue function's queue and applies the Functions host's poison rule.</summary>
/// <remarks>
/// Like the host: up to 16 messages at a time per queue, polling backs off to 2 seconds when idle, a failed message is made
/// visible again at once, and after the fifth failed attempt it is moved to <c>{queue}-poison</c>. Messages are Base64,
/// as host.json declares.
/// </remarks>
public sealed class LocalQueueListener(FunctionCatalogue catalogue, StorageAccount account, IServiceProvider services, ILogger<LocalQueueListener> logger)
    : BackgroundService
{
    /// <summary>Attempts before a message is poisoned, as host.json's <c>maxDequeueCount</c>.</summary>
    public const int MaxDequeueCount = 5;

    private const int BatchSize = 16;
    private static readonly TimeSpan MaxPollingInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalogue.Functions.Where(f => f.Trigger == TriggerKind.Queue).Select(f => ListenAsync(f, stoppingToken)));

    private async Task ListenAsync(FunctionDefinition function, CancellationToken stoppingToken)
    {
        var queue = await account.QueueAsync(function.QueueName!, stoppingToken).ConfigureAwait(false);
        var idle = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(BatchSize, VisibilityTimeout, stoppingToken).ConfigureAwait(false)).Value;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage unreachable or slow (a timeout surfaces as a cancellation too): a listener that stopped here
                // would take the whole local host down with it, so it backs off and polls again.
                logger.LogWarning(ex, "polling {Queue} failed; retrying", queue.Name);
                messages = [];
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (messages.Length == 0)
            {
                try
                {
                    await Task.Delay(idle, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, MaxPollingInterval.Ticks));
                continue;
            }

            idle = TimeSpan.FromMilliseconds(100);
            await Task.WhenAll(messages.Select(m => HandleAsync(function, queue, m, stoppingToken))).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(FunctionDefinition function, QueueClient queue, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            var handler = (IQueueHandler)services.GetRequiredService(function.Handler!);
            var log = await handler.HandleAsync(message.Body.ToString(), (int)message.DequeueCount, stoppingToken).ConfigureAwait(false);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken).ConfigureAwait(false);
            logger.LogInformation("{Function}: {Log}", function.Name, log);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (message.DequeueCount >= MaxDequeueCount)
            {
                var poison = await account.QueueAsync(QueueNames.PoisonOf(function.QueueName!), stoppingToken).ConfigureAwait(false);
                await poison.SendMessageAsync(message.Body.ToString(), timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: stoppingToken).ConfigureAwait(false);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken).ConfigureAwait(false);
                logger.LogError(ex, "{Function} failed {Attempts} times; message {MessageId} moved to {Poison}",
                    function.Name, message.DequeueCount, message.MessageId, poison.Name);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: stoppingToken)
                    .ConfigureAwait(false);
                logger.LogWarning(ex, "{Function} failed on attempt {Attempt}; retrying", function.Name, message.DequeueCount);
            }
        }
    }
}
