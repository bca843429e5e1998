using Microsoft.Extensions.Logging;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Core.Profiles;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;

namespace Reactivation.Infra.Policy;

/// <summary>
/// The contact policy at send time, in front of every channel: reads the user's consent, touches, last answer and
/// complaint, asks <see cref="ContactPolicy"/>, and only then lets the message through, recording it as a touch.
/// </summary>
/// <remarks>
/// The verdict becomes the send's answer: a deferral is a durable timer in the journey, a drop a skip, a stop the end of
/// the journey; the engine writes each to the why-not-sent ledger. Everything is read from the user's
/// <see cref="ContactState"/> partition in one query, and the touch is recorded before the provider is called with one write
/// conditioned on the ledger's ETag from that read: a send that loses the race to another for the same user (any journey)
/// reads and is judged again, so a cap is never passed twice, and a crash and a retry cannot count a touch twice. The
/// touch is removed when nothing went out.
/// </remarks>
public sealed class PolicyChannel(
    IMessageChannel inner,
    TemplateCatalogue templates,
    ProfileWriter profiles,
    ContactState contacts,
    ContactLedger ledger,
    ContactPolicyOptions rules,
    JourneyOptions journeys,
    TimeProvider clock,
    ILogger<PolicyChannel> logger) : IMessageChannel
{
    // Each lost race means another send for the user recorded a touch in between; this many in a row is not contention.
    private const int MaxJudgements = 20;

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var purpose = templates.PurposeOf(message.Template);
        var marketing = purpose == TemplatePurpose.Marketing;
        for (var judgement = 1; ; judgement++)
        {
            var (verdict, snapshot, profile) = await JudgeAsync(message, purpose, cancellationToken).ConfigureAwait(false);
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

            var touch = new LedgerTouch(message.SendKey, message.Channel, message.JourneyId, clock.GetUtcNow());
            if (marketing && !await ledger.TryRecordTouchAsync(message.UserId, snapshot.Ledger, touch, cancellationToken).ConfigureAwait(false))
            {
                if (judgement >= MaxJudgements)
                {
                    return SendResult.Transient($"the contact ledger of {message.UserId} changed under {MaxJudgements} judgements in a row");
                }

                continue;
            }

            return await SendAllowedAsync(message with { Profile = profile, Blocks = snapshot.Blocks }, marketing, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SendResult> SendAllowedAsync(OutboundMessage message, bool marketing, CancellationToken cancellationToken)
    {
        SendResult result;
        try
        {
            result = await inner.SendAsync(message, cancellationToken).ConfigureAwait(false);
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

    // The verdict now, the state it was judged on (its ledger ETag guards the touch) and the profile (handed to the
    // provider so it is not read again). The mirror's login and purchase times are lower bounds of the last answer; only
    // fatigue depends on the answer, and a later answer can only lift it, so the profile is read when fatigue stops the send.
    private async Task<(PolicyVerdict Verdict, ContactSnapshot Snapshot, UserProfile? Profile)> JudgeAsync(
        OutboundMessage message, TemplatePurpose purpose, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var snapshot = await contacts.ReadAsync(message.UserId, cancellationToken).ConfigureAwait(false);
        var mirrored = snapshot.Profile is not null;
        var profile = snapshot.Profile ?? await profiles.GetAsync(message.UserId, cancellationToken).ConfigureAwait(false);
        var verdict = Decide(message, purpose, now, snapshot, profile);
        if (mirrored && verdict is { Kind: PolicyVerdictKind.Stop, Rule: "fatigue" })
        {
            profile = await profiles.GetAsync(message.UserId, cancellationToken).ConfigureAwait(false) ?? profile;
            verdict = Decide(message, purpose, now, snapshot, profile);
        }

        return (verdict, snapshot, profile);
    }

    private PolicyVerdict Decide(OutboundMessage message, TemplatePurpose purpose, DateTimeOffset now, ContactSnapshot snapshot, UserProfile? profile)
    {
        var zoneId = profile?.Contact.TimeZone ?? message.Context?.TimeZone;
        var zone = zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : journeys.Stepper.DefaultTimeZone;
        var touches = purpose == TemplatePurpose.Marketing ? ContactLedger.Recent(snapshot.Ledger, now - rules.LookBack) : [];
        var answered = Latest(snapshot.Ledger.EngagedAt, profile?.LastLoginAt, profile?.LastPurchaseAt);
        var request = new PolicyRequest(
            message.SendKey, message.Channel, purpose, now, zone, [.. snapshot.Consent.Where(f => f.Channel == message.Channel && f.Purpose == purpose)], touches, answered,
            profile?.LastComplaintAt, profile?.Contact.Region);
        return ContactPolicy.Decide(request, rules);
    }

    private async Task ForgetAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await ledger.ForgetTouchAsync(message.UserId, message.SendKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or InvalidOperationException)
        {
            // A touch left behind only makes the cap stricter for a while; the send's own answer matters more.
            logger.LogWarning(ex, "could not remove the touch of unsent {SendKey}", message.SendKey);
        }
    }

    private static DateTimeOffset? Latest(params DateTimeOffset?[] times) => times.Where(t => t is not null).Max();
}
