using Microsoft.DurableTask.Client;
using Reactivation.Core.Journeys;
using Reactivation.Core.Links;
using Reactivation.Core.Policy;
using Reactivation.Infra.Journeys;

namespace Reactivation.Infra.Policy;

/// <summary>
/// Records consent changes people make through signed links (the preference page, one-click unsubscribe) and tells the
/// user's running journey about every opt-out at once, as an SMS STOP does.
/// </summary>
public sealed class LinkConsent(ConsentLedger ledger, JourneyStore store, JourneyEvents events)
{
    /// <summary>Records <paramref name="changes"/> in order; an opt-out also raises <c>optOut</c> for its channel on the active journey.</summary>
    /// <returns>How many changes were new (repeats are recorded once).</returns>
    public async Task<int> RecordAsync(DurableTaskClient client, IReadOnlyList<ConsentChange> changes, CancellationToken cancellationToken)
    {
        var recorded = 0;
        foreach (var change in changes)
        {
            recorded += await ledger.RecordAsync(change, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            if (change.Flag.State == ConsentState.OptedOut)
            {
                await TellJourneyAsync(client, change, cancellationToken).ConfigureAwait(false);
            }
        }

        return recorded;
    }

    /// <summary>
    /// The channel <paramref name="send"/> went by, read from its send record; email when that cannot be told (the
    /// instance was purged), since List-Unsubscribe, the usual way here, exists only in email.
    /// </summary>
    public async Task<Channel> ChannelOfAsync(SendKeyParts send, string sendKey, CancellationToken cancellationToken) =>
        (await store.GetSendAsync(send.InstanceId, sendKey, cancellationToken).ConfigureAwait(false))?.Channel ?? Channel.Email;

    // The journey must stop using the channel now, not at its next consent check. The event id is the change id, so a
    // repeat is stored once.
    private async Task TellJourneyAsync(DurableTaskClient client, ConsentChange change, CancellationToken cancellationToken)
    {
        var (member, _, _) = await store.GetMemberAsync(change.UserId, cancellationToken).ConfigureAwait(false);
        if (member.ActiveInstanceId is { } active)
        {
            await events.RaiseAsync(client, active, JourneyEventNames.OptOut, change.ChangeId, change.Flag.Channel, change.Flag.At, cancellationToken).ConfigureAwait(false);
        }
    }
}
