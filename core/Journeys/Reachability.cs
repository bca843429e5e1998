using System.Collections.Immutable;
using Reactivation.Core.Profiles;

namespace Reactivation.Core.Journeys;

/// <summary>The channels a user can be reached on: those the deployment can send on and the user has what they need for.</summary>
public static class Reachability
{
    /// <summary>
    /// SMS needs a phone and email an address; the webhook channel needs only the user id, which its receiver maps. A
    /// channel the deployment cannot send on reaches nobody, so a journey's branches and exits see it as absent.
    /// </summary>
    /// <param name="contact">The user's contact points.</param>
    /// <param name="configured">The channels the deployment has a provider (or the local outbox) for.</param>
    public static ImmutableArray<Channel> Of(ContactPoints contact, IReadOnlySet<Channel> configured)
    {
        var reachable = ImmutableArray.CreateBuilder<Channel>();
        foreach (var channel in Enum.GetValues<Channel>())
        {
            var hasWhatItNeeds = channel switch
            {
                Channel.Sms => contact.Phone is not null,
                Channel.Email => contact.Email is not null,
                _ => true,
            };
            if (hasWhatItNeeds && configured.Contains(channel))
            {
                reachable.Add(channel);
            }
        }

        return reachable.ToImmutable();
    }
}
