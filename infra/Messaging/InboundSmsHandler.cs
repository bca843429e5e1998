using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Reactivation.Core.Journeys;
using Reactivation.Core.Messaging;
using Reactivation.Core.Policy;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Policy;

namespace Reactivation.Infra.Messaging;

/// <summary>
/// Acts on keywords users text back: an opt-out (STOP, 退订, TD, ...) records SMS opted out for every purpose and tells
/// the user's running journey at once (the <c>optOut</c> event for SMS); an opt-in (START, UNSTOP, ...) records SMS opted
/// in again. Other texts are left alone.
/// </summary>
/// <remarks>
/// A redelivered message changes nothing: the consent flags keep a change with the same time once, and the journey
/// event's id is derived from the provider's message id, so the instance stores it once.
/// </remarks>
public sealed class InboundSmsHandler(UserDirectory users, ConsentLedger consent, JourneyStore store, JourneyEvents events, ILogger<InboundSmsHandler> logger)
{
    /// <summary>The consent source recorded for keyword texts.</summary>
    public const string Source = "smsKeyword";

    private static readonly TemplatePurpose[] Purposes = Enum.GetValues<TemplatePurpose>();

    /// <summary>Acts on <paramref name="sms"/>.</summary>
    public async Task<InboundSmsOutcome> HandleAsync(DurableTaskClient client, InboundSms sms, CancellationToken cancellationToken)
    {
        var keyword = SmsKeywords.Parse(sms.Message);
        if (keyword == SmsKeyword.None)
        {
            return new InboundSmsOutcome(keyword, [], 0);
        }

        var state = keyword == SmsKeyword.OptOut ? ConsentState.OptedOut : ConsentState.OptedIn;
        var owners = await users.FindByPhoneAsync(sms.FromE164, cancellationToken).ConfigureAwait(false);
        var told = 0;
        foreach (var userId in owners)
        {
            foreach (var purpose in Purposes)
            {
                await consent.RecordAsync(
                    new ConsentChange($"sms-{sms.MessageId}-{purpose}", userId, new ConsentFlag(Channel.Sms, purpose, state, Source, sms.Message, sms.ReceivedAt), null, null, null, sms.Message),
                    cancellationToken).ConfigureAwait(false);
            }

            if (keyword == SmsKeyword.OptOut && await TellJourneyAsync(client, userId, sms, cancellationToken).ConfigureAwait(false))
            {
                told++;
            }
        }

        logger.LogInformation("{Keyword} from {From}: {Users} user(s), {Told} running journey(s) told", keyword, sms.FromE164, owners.Count, told);
        return new InboundSmsOutcome(keyword, owners, told);
    }

    // The running journey must stop using SMS now, not at its next consent check: the optOut event does that.
    private async Task<bool> TellJourneyAsync(DurableTaskClient client, string userId, InboundSms sms, CancellationToken cancellationToken)
    {
        var (member, _, _) = await store.GetMemberAsync(userId, cancellationToken).ConfigureAwait(false);
        return member.ActiveInstanceId is { } active
            && await events.RaiseAsync(client, active, JourneyEventNames.OptOut, $"sms-{sms.MessageId}", Channel.Sms, sms.ReceivedAt, cancellationToken).ConfigureAwait(false)
                is RaiseOutcome.Accepted;
    }
}
