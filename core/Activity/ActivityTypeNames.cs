using System.Collections.Frozen;

namespace Reactivation.Core.Activity;

/// <summary>Maps <see cref="ActivityType"/> to and from its wire name.</summary>
public static class ActivityTypeNames
{
    private static readonly FrozenDictionary<string, ActivityType> ByName = Enum.GetValues<ActivityType>()
        .ToFrozenDictionary(ToWireName, t => t, StringComparer.Ordinal);

    /// <summary>Every accepted wire name, for error messages and documentation.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<ActivityType>().Select(ToWireName).ToArray();

    /// <summary>The camelCase wire name of a type, for example <c>loginFailed</c>.</summary>
    public static string ToWireName(ActivityType type)
    {
        var name = type.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>Parses a wire name; exact and case-sensitive so that typos are reported, not guessed.</summary>
    public static bool TryParse(string? name, out ActivityType type) =>
        ByName.TryGetValue(name ?? string.Empty, out type);
}
