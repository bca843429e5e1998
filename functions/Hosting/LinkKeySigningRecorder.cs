using Reactivation.Core.Links;
using Reactivation.Infra.Links;

namespace Reactivation.Functions.Hosting;

/// <summary>
/// Loads the link keyring when the host starts (so a bad or missing key stops the app before it serves) and records the
/// key it signs with, which tells <c>links keys</c> when each key stopped signing and so when its links expire.
/// </summary>
/// <remarks>Only a serving host records: a CLI run on an operator's machine may be configured differently and must not move the record.</remarks>
public sealed class LinkKeySigningRecorder(LinkKeyring keyring, LinkKeyStore store, TimeProvider clock) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => store.RecordSigningAsync(keyring.CurrentKeyId, clock.GetUtcNow(), cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
