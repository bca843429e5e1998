using Reactivation.Core.Sweeps;

namespace Reactivation.Core.Journeys;

/// <summary>Picks the journey a sweep hand-off enters, by the entry rules, priority, the one-journey rule and the cooldown.</summary>
public static class JourneyRouter
{
    /// <summary>Chooses for <paramref name="handoff"/>.</summary>
    /// <param name="journeys">The latest version of every journey.</param>
    /// <param name="handoff">The sweep's hand-off.</param>
    /// <param name="member">The user's standing (with <see cref="JourneyMembership.ActiveInstanceId"/> already cleared if that instance has ended).</param>
    /// <param name="now">The current time.</param>
    public static EnrollmentChoice Choose(IEnumerable<JourneyDefinition> journeys, EnrollmentHandoff handoff, JourneyMembership member, DateTimeOffset now)
    {
        if (member.LastHandoffDate is { } last && handoff.SweepDate <= last)
        {
            return new EnrollmentChoice(null, $"hand-off {handoff.HandoffId} is not newer than the last one processed ({last:yyyy-MM-dd})");
        }

        if (member.ActiveInstanceId is { } active)
        {
            return new EnrollmentChoice(null, $"the user is already in {active}");
        }

        var journey = journeys
            .Where(j => j.Enabled && j.Entry.Matches(handoff))
            .OrderByDescending(j => j.Priority)
            .ThenBy(j => j.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        if (journey is null)
        {
            return new EnrollmentChoice(null, $"no journey takes {handoff.Reason} / {handoff.Band} / {handoff.Tier} / {handoff.Cause}");
        }

        if (member.LastEndedAt is { } ended && ended.AddDays(journey.CooldownDays) > now)
        {
            return new EnrollmentChoice(null, $"{journey.Id} has a {journey.CooldownDays}-day cooldown and the user's last journey ended {ended:yyyy-MM-dd}");
        }

        return new EnrollmentChoice(journey, $"{journey.Id} (priority {journey.Priority}) takes {handoff.Reason} / {handoff.Band} / {handoff.Tier} / {handoff.Cause}");
    }
}
