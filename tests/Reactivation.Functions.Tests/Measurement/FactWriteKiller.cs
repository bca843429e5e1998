using Azure.Core;
using Azure.Core.Pipeline;

namespace Reactivation.Functions.Tests.Measurement;

/// <summary>While armed, fails every write to the metric facts table as a process dying at that point would: the write never happens.</summary>
public sealed class FactWriteKiller : HttpPipelineSynchronousPolicy
{
    private volatile bool _armed;

    /// <summary>Kills fact writes from now on.</summary>
    public void Arm() => _armed = true;

    /// <summary>Lets them through again.</summary>
    public void Disarm() => _armed = false;

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        var path = message.Request.Uri.Path;
        if (_armed && message.Request.Method == RequestMethod.Post && path.Contains("metricfacts", StringComparison.Ordinal) && !path.EndsWith("/Tables", StringComparison.Ordinal))
        {
            throw new IOException("simulated crash before the metric fact was stored");
        }
    }
}
