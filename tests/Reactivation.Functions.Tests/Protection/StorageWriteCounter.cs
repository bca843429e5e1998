using Azure.Core;
using Azure.Core.Pipeline;

namespace Reactivation.Functions.Tests.Protection;

/// <summary>
/// Counts storage requests that change data (entity inserts, updates and deletes, queue messages) as they leave the
/// client. Creating a table or queue on first use is not counted: it stores nothing about anyone.
/// </summary>
public sealed class StorageWriteCounter : HttpPipelineSynchronousPolicy
{
    private long _writes;

    /// <summary>Data-changing requests so far.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        var method = message.Request.Method;
        var path = message.Request.Uri.Path;
        var changes = method != RequestMethod.Get && method != RequestMethod.Head;
        var creation = path.EndsWith("/Tables", StringComparison.Ordinal) || (method == RequestMethod.Put && !path.Contains("/messages", StringComparison.Ordinal) && !path.Contains('(', StringComparison.Ordinal));
        if (changes && !creation)
        {
            Interlocked.Increment(ref _writes);
        }
    }
}
