using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Reactivation.Infra.Storage;

namespace Reactivation.Functions.Hosting;

/// <summary>The local host's queue trigger: polls every queue function's queue and applies host.json's poison rule.</summary>
/// <remarks>
/// Like the host: host.json's <c>batchSize</c> messages at a time per queue, polling backs off to 2 seconds when idle, a
/// failed message is made visible again at once, and after <c>maxDequeueCount</c> failed attempts it is moved to
/// <c>{queue}-poison</c>. Messages are Base64, as host.json declares.
/// </remarks>
public sealed class LocalQueueListener(AppFunctions functions, StorageAccount account, IServiceProvider services, ILogger<LocalQueueListener> logger)
    : BackgroundService
{
    private readonly HostJson _host = HostJson.Load();
    private static readonly TimeSpan MaxPollingInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.Queues.Select(f => ListenAsync(f, stoppingToken)));

    private async Task ListenAsync(AppFunction function, CancellationToken stoppingToken)
    {
        var queue = await account.QueueAsync(function.QueueName!, stoppingToken).ConfigureAwait(false);
        var idle = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(_host.BatchSize, VisibilityTimeout, stoppingToken).ConfigureAwait(false)).Value;
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

    private async Task HandleAsync(AppFunction function, QueueClient queue, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await LocalInvocation.QueueAsync(function, services, message.Body.ToString(), message.DequeueCount, stoppingToken).ConfigureAwait(false);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (message.DequeueCount >= _host.MaxDequeueCount)
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
