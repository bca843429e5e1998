using System.Globalization;
using Reactivation.Core.Journeys;

namespace Reactivation.Core.Policy;

/// <summary>
/// Decides whether one message may go to one user now, across every journey: consent, a complaint, the opt-in the
/// user's regional compliance profile asks for, fatigue, the frequency caps (counted in the user's local calendar) and
/// quiet hours. A pure function of the request and the rules.
/// </summary>
/// <remarks>
/// Service messages answer only to consent for service and to quiet hours; everything else guards marketing. Drops and
/// stops come before deferrals, so a message that will never be allowed is not put off first. The send being judged
/// never counts against itself: its own touch may already be recorded when a crash made the shell ask again.
/// </remarks>
public static class ContactPolicy
{
    /// <summary>Judges <paramref name="request"/> under <paramref name="rules"/>.</summary>
    public static PolicyVerdict Decide(PolicyRequest request, ContactPolicyOptions rules)
    {
        var consent = request.Consent.Where(f => f.Channel == request.Channel && f.Purpose == request.Purpose).MaxBy(f => f.At);
        if (consent?.State == ConsentState.OptedOut)
        {
            var evidence = consent.Evidence is null ? "" : $" '{consent.Evidence}'";
            return Drop("consent", $"opted out of {Name(request.Channel)} {Name(request.Purpose)} ({consent.Source}{evidence}, {Stamp(consent.At)})");
        }

        if (request.Purpose == TemplatePurpose.Service)
        {
            return Schedule(request, rules, request.Now, [], rules.ServiceInQuietHours);
        }

        if (request.LastComplaintAt is { } complained && !(consent?.State == ConsentState.OptedIn && consent.At > complained))
        {
            return Stop("complaint", $"the user complained at {Stamp(complained)}: marketing is suppressed until they opt in again");
        }

        var profile = rules.ProfileFor(request.Region);
        if (profile.NeedsOptIn(request.Channel) && consent?.State != ConsentState.OptedIn)
        {
            return Drop("consent", $"no marketing opt-in for {Name(request.Channel)} (profile {profile.Name})");
        }

        var others = request.Touches.Where(t => t.SendKey != request.SendKey && t.At <= request.Now).ToList();
        var unanswered = others.Count(t => request.LastEngagedAt is not { } engaged || t.At > engaged);
        if (unanswered >= rules.FatigueAfter && others.Count > 0)
        {
            var last = others.Max(t => t.At);
            if (request.Now - last < TimeSpan.FromDays(rules.LowFrequencyDays))
            {
                return Stop(
                    "fatigue",
                    $"{unanswered} marketing messages unanswered in a row: the user is on low frequency (one per {rules.LowFrequencyDays} days) and the last went at {Stamp(last)}");
            }
        }

        var earliest = request.Now;
        var why = new List<string>();
        var today = LocalCalendar.DateOf(request.Now, request.Zone);
        var overall = CapRelease(others, request.Zone, today, rules.CapWindowDays, rules.MaxMarketingPerWindow);
        if (overall is { } overallDay)
        {
            earliest = Later(earliest, LocalCalendar.StartOf(overallDay, request.Zone));
            why.Add($"{rules.MaxMarketingPerWindow} marketing messages in {rules.CapWindowDays} days is the cap");
        }

        if (rules.MaxPerChannel.TryGetValue(request.Channel, out var channelCap)
            && CapRelease(others.Where(t => t.Channel == request.Channel).ToList(), request.Zone, today, rules.CapWindowDays, channelCap) is { } channelDay)
        {
            earliest = Later(earliest, LocalCalendar.StartOf(channelDay, request.Zone));
            why.Add($"{channelCap} {Name(request.Channel)} messages in {rules.CapWindowDays} days is the cap");
        }

        if (CapRelease(others, request.Zone, today, 1, rules.MaxMarketingPerDay) is { } dayRelease)
        {
            earliest = Later(earliest, LocalCalendar.StartOf(dayRelease, request.Zone));
            why.Add($"{rules.MaxMarketingPerDay} marketing message(s) a day is the cap");
        }

        return Schedule(request, rules, earliest, why, rules.MarketingInQuietHours);
    }

    // The local day on which enough of the counted touches have left a window of `days` days for one more to fit, or null when one fits today.
    private static DateOnly? CapRelease(IReadOnlyList<ContactTouch> touches, TimeZoneInfo zone, DateOnly today, int days, int cap)
    {
        var first = today.AddDays(1 - days);
        var counted = touches.Select(t => LocalCalendar.DateOf(t.At, zone)).Where(d => d >= first && d <= today).Order().ToList();
        if (counted.Count < cap)
        {
            return null;
        }

        // The (count - cap + 1) oldest must leave; the last of them leaves the window `days` days after its own day.
        return counted[counted.Count - cap].AddDays(days);
    }

    private static PolicyVerdict Schedule(PolicyRequest request, ContactPolicyOptions rules, DateTimeOffset earliest, List<string> why, QuietHoursAction inQuietHours)
    {
        var allowed = new TimeWindow(rules.QuietUntil, rules.QuietFrom);
        var quiet = rules.QuietFrom != rules.QuietUntil && inQuietHours != QuietHoursAction.Send;
        var at = quiet ? allowed.NextOpening(earliest, request.Zone) : earliest;
        if (at <= request.Now)
        {
            return PolicyVerdict.Allow;
        }

        var inQuiet = at > earliest;
        var capped = why.Count > 0;
        if (!capped && inQuiet && inQuietHours == QuietHoursAction.Drop)
        {
            return Drop("quietHours", $"quiet hours {rules.QuietFrom:HH\\:mm}-{rules.QuietUntil:HH\\:mm} in {request.Zone.Id}, and this message class is dropped then");
        }

        if (inQuiet)
        {
            why.Add($"quiet hours {rules.QuietFrom:HH\\:mm}-{rules.QuietUntil:HH\\:mm} in {request.Zone.Id}");
        }

        return new PolicyVerdict(PolicyVerdictKind.Defer, capped ? "frequencyCap" : "quietHours", $"deferred to {Stamp(at)}: {string.Join("; ", why)}", at);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static PolicyVerdict Drop(string rule, string reason) => new(PolicyVerdictKind.Drop, rule, reason);

    private static PolicyVerdict Stop(string rule, string reason) => new(PolicyVerdictKind.Stop, rule, reason);

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string Name<T>(T value)
        where T : struct, Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }
}
