namespace Reactivation.Functions.Durable;

/// <summary>Hands every logger a host asks for to another host's logger factory.</summary>
/// <remarks>
/// The sidecar runs in a web host of its own; forwarding its logs into the app's factory keeps them under the app's
/// providers and contact masking, while the sidecar host's own minimum level (Warning) keeps Kestrel's and gRPC's
/// per-request lines out without touching the app's filters for the same categories.
/// </remarks>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    // The target belongs to the app's container, which disposes it.
    public void Dispose()
    {
    }
}
