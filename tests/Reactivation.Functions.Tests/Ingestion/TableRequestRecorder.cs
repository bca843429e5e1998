using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Reactivation.Functions.Tests.Ingestion;

/// <summary>
/// Records every table request as it leaves the client, and while armed fails every write to one kind of table as a
/// process dying at that point would: the write never reaches storage.
/// </summary>
public sealed class TableRequestRecorder : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<(RequestMethod Method, string Path)> _requests = new();
    private volatile string? _killWritesTo;
    private volatile AwaitedRead? _awaitedRead;

    /// <summary>Point reads of <paramref name="table"/> (its name without prefix or shard, e.g. <c>journeys</c>) since the last <see cref="Clear"/>.</summary>
    public int ReadsOf(string table) => _requests.Count(r => r.Method == RequestMethod.Get && r.Path.Contains(table, StringComparison.Ordinal));

    /// <summary>Forgets the requests recorded so far.</summary>
    public void Clear() => _requests.Clear();

    /// <summary>Fails every write to <paramref name="table"/> from now on (creating the table still works).</summary>
    public void KillWritesTo(string table) => _killWritesTo = table;

    /// <summary>Lets writes through again.</summary>
    public void Revive() => _killWritesTo = null;

    /// <summary>Completes once storage has answered the next point read of <paramref name="table"/> (so the version it read is fixed).</summary>
    public Task NextReadAnsweredAsync(string table)
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaitedRead = new AwaitedRead(table, answered);
        return answered.Task;
    }

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        var path = message.Request.Uri.Path;
        _requests.Enqueue((message.Request.Method, path));
        if (_killWritesTo is { } table && message.Request.Method != RequestMethod.Get && path.Contains(table, StringComparison.Ordinal) && !path.EndsWith("/Tables", StringComparison.Ordinal))
        {
            throw new IOException($"simulated crash before a write to {table} was stored");
        }
    }

    /// <inheritdoc />
    public override void OnReceivedResponse(HttpMessage message)
    {
        if (_awaitedRead is { } awaited && message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.Contains(awaited.Table, StringComparison.Ordinal))
        {
            _awaitedRead = null;
            awaited.Answered.TrySetResult();
        }
    }

    private sealed record AwaitedRead(string Table, TaskCompletionSource Answered);
}
