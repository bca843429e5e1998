using Microsoft.Extensions.Logging;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;

namespace Reactivation.Infra.Policy;

/// <summary>
/// The contact policy at send time, in front of every channel: reads the user's consent, touches, last answer and
/// complaint, asks <see cref="ContactPolicy"/>, and only then lets the message through, recording it as a touch.
/// </summary>
/// <remarks>
/// The verdict becomes the send's answer: a deferral is a durable timer in the journey, a drop a skip, a stop the end of
/// the journey; the engine writes each to the why-not-sent ledger. The touch is recorded before the provider is called
/// (so two journeys, or a crash and a retry, cannot both slip under the cap) and removed when nothing went out.
/// </remarks>
public sealed class PolicyChannel(
    IMessageChannel inner,
    TemplateCatalogue templates,
    ProfileWriter profiles,
    ConsentFlags consent,
    ContactLedger ledger,
    ContactPolicyOptions rules,
    JourneyOptions journeys,
    TimeProvider clock,
    ILogger<PolicyChannel> logger) : IMessageChannel
{
    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var purpose = templates.PurposeOf(message.Template);
        var (verdict, profile) = await JudgeWithProfileAsync(message, purpose, cancellationToken).ConfigureAwait(false);
        switch (verdict.Kind)
        {
            case PolicyVerdictKind.Defer:
                return SendResult.Deferred(verdict.NotBefore!.Value, verdict.Code!.Value, $"{verdict.Rule}: {verdict.Reason}");
            case PolicyVerdictKind.Drop:
                return SendResult.Skipped(verdict.Code!.Value, $"{verdict.Rule}: {verdict.Reason}");
            case PolicyVerdictKind.Stop:
                logger.LogInformation("{SendKey} stopped by the contact policy ({Rule})", message.SendKey, verdict.Rule);
                return SendResult.Suppressed(verdict.Code!.Value, $"{verdict.Rule}: {verdict.Reason}");
        }

        var marketing = purpose == TemplatePurpose.Marketing;
        if (marketing)
        {
            await ledger.RecordTouchAsync(message.UserId, message.SendKey, message.Channel, message.JourneyId, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        SendResult result;
        try
        {
            result = await inner.SendAsync(message with { Profile = profile }, cancellationToken).ConfigureAwait(false);
        }
        catch when (marketing)
        {
            await ForgetAsync(message, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (marketing && result.Status != SendStatus.Sent)
        {
            await ForgetAsync(message, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    // The verdict now, and the profile it was judged on (handed to the provider so it is not read twice).
    private async Task<(PolicyVerdict Verdict, Core.Profiles.UserProfile? Profile)> JudgeWithProfileAsync(
        OutboundMessage message, TemplatePurpose purpose, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var profileTask = profiles.GetAsync(message.UserId, cancellationToken);
        var flagTask = consent.GetAsync(message.UserId, message.Channel, purpose, cancellationToken);
        var ledgerTask = purpose == TemplatePurpose.Marketing
            ? ledger.ReadAsync(message.UserId, now - rules.LookBack, cancellationToken)
            : Task.FromResult<(IReadOnlyList<ContactTouch>, DateTimeOffset?)>(([], null));
        await Task.WhenAll(profileTask, flagTask, ledgerTask).ConfigureAwait(false);

        var profile = await profileTask.ConfigureAwait(false);
        var (touches, engagedAt) = await ledgerTask.ConfigureAwait(false);
        var zoneId = profile?.Contact.TimeZone ?? message.Context?.TimeZone;
        var zone = zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : journeys.Stepper.DefaultTimeZone;
        var answered = Latest(engagedAt, profile?.LastLoginAt, profile?.LastPurchaseAt);
        var request = new PolicyRequest(
            message.SendKey, message.Channel, purpose, now, zone, await flagTask.ConfigureAwait(false) is { } flag ? [flag] : [], touches, answered, profile?.LastComplaintAt,
            profile?.Contact.Region);
        return (ContactPolicy.Decide(request, rules), profile);
    }

    private async Task ForgetAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await ledger.ForgetTouchAsync(message.UserId, message.SendKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex)
        {
            // A touch left behind only makes the cap stricter for a while; the send's own answer matters more.
            logger.LogWarning(ex, "could not remove the touch of unsent {SendKey}", message.SendKey);
        }
    }

    private static DateTimeOffset? Latest(params DateTimeOffset?[] times) => times.Where(t => t is not null).Max();
}
