using Azure.Core;
using Azure.Core.Pipeline;

namespace Reactivation.Benchmarks;

/// <summary>Counts storage requests as they leave the client (retries not counted), as a per-call pipeline policy.</summary>
public sealed class StorageOperationCounter : HttpPipelineSynchronousPolicy
{
    private long _count;

    /// <summary>Requests counted since the last <see cref="Reset"/>.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Starts counting from zero.</summary>
    public void Reset() => Interlocked.Exchange(ref _count, 0);

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
