using System.Text;

namespace Reactivation.Core.Profiles;

/// <summary>A stable 64-bit FNV-1a hash of an event id.</summary>
/// <remarks>Stable across processes and versions (unlike <see cref="string.GetHashCode()"/>), because it is stored.</remarks>
public static class EventIdHash
{
    /// <summary>Hashes <paramref name="eventId"/>.</summary>
    public static ulong Of(string eventId)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(eventId))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return hash;
    }
}
