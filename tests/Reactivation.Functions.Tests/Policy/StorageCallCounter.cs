using Azure.Core;
using Azure.Core.Pipeline;

namespace Reactivation.Functions.Tests.Policy;

/// <summary>
/// Counts storage requests as they leave the client, as the send benchmark counts them; creating a table on first use is
/// not counted, since it happens once per process and table, not per send.
/// </summary>
public sealed class StorageCallCounter : HttpPipelineSynchronousPolicy
{
    private long _calls;

    /// <summary>Requests counted since the last <see cref="Reset"/>.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Starts counting from zero.</summary>
    public void Reset() => Interlocked.Exchange(ref _calls, 0);

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        if (!message.Request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _calls);
        }
    }
}
