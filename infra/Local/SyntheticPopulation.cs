using Reactivation.Core.Activity;
using Reactivation.Core.Users;

namespace Reactivation.Infra.Local;

/// <summary>Generates users with realistic activity histories for the demo and the benchmark; deterministic per seed (optionally all in one place).</summary>
/// <remarks>
/// Archetypes and their shares: regulars (45%), decliners whose logins halve (10%), lapsed users silent for 30 days to
/// two years (30%), complainers left without follow-up (5%), users locked out by a forgotten password (5%), and sign-ups
/// who never came back (5%). Spend is log-normal-ish so the RFM mean is meaningful.
/// </remarks>
public sealed class SyntheticPopulation(int seed, DateTimeOffset asOf, (string Zone, string Locale, string Region)? onlyPlace = null)
{
    private static readonly (string Zone, string Locale, string Region)[] Places =
    [
        ("Asia/Shanghai", "zh-CN", "CN"), ("Asia/Shanghai", "zh-CN", "CN"), ("Asia/Shanghai", "zh-CN", "CN"),
        ("America/New_York", "en-US", "US"), ("Europe/Berlin", "en-US", "DE"),
    ];

    /// <summary>The user id of the <paramref name="index"/>th user.</summary>
    public static string UserIdOf(int index) => $"u{index:D7}";

    /// <summary>The profile update for a user.</summary>
    public UserUpdate UserOf(int index)
    {
        var random = RandomFor(index, 1);
        var drawn = Places[random.Next(Places.Length)];
        var place = onlyPlace ?? drawn;
        var phone = place.Region == "CN" ? $"+86138{random.Next(0, 100_000_000):D8}" : $"+1212555{random.Next(0, 10_000):D4}";
        return new UserUpdate(UserIdOf(index), phone, $"user{index}@example.com", place.Zone, place.Locale, place.Region,
            asOf.AddDays(-random.Next(60, 900)));
    }

    /// <summary>The activity history of a user, oldest first.</summary>
    public IReadOnlyList<ActivityEvent> EventsOf(int index)
    {
        var random = RandomFor(index, 2);
        var userId = UserIdOf(index);
        var events = new List<ActivityEvent>();
        var n = 0;
        void Add(ActivityType type, DateTimeOffset at, decimal? amount = null) =>
            events.Add(new ActivityEvent($"e{index:D7}-{n++:D4}", userId, type, at, amount, amount is null ? null : "CNY", amount));

        var roll = random.NextDouble();
        if (roll < 0.05)
        {
            Add(ActivityType.Login, asOf.AddDays(-random.Next(40, 400)));
            return events;
        }

        var lastActive = roll switch
        {
            < 0.50 => random.Next(0, 10),
            < 0.60 => random.Next(0, 5),
            < 0.90 => random.Next(30, 730),
            _ => random.Next(35, 200),
        };
        var decliner = roll is >= 0.50 and < 0.60;
        var loginDays = decliner ? 20 : random.Next(3, 15);
        for (var i = 0; i < loginDays; i++)
        {
            var daysAgo = decliner
                ? (i < 16 ? random.Next(31, 60) : random.Next(lastActive, 30))
                : lastActive + random.Next(0, 60);
            Add(ActivityType.Login, asOf.AddDays(-daysAgo).AddMinutes(random.Next(0, 1440)));
        }

        var purchases = random.NextDouble() < 0.7 ? random.Next(1, 10) : 0;
        for (var i = 0; i < purchases; i++)
        {
            var amount = decimal.Round((decimal)Math.Exp(3 + random.NextDouble() * 3), 2);
            Add(ActivityType.Purchase, asOf.AddDays(-(lastActive + random.Next(0, 120))).AddMinutes(random.Next(0, 1440)), amount);
        }

        if (roll is >= 0.90 and < 0.95)
        {
            Add(ActivityType.Complaint, asOf.AddDays(-lastActive).AddHours(1));
        }
        else if (roll >= 0.95)
        {
            Add(ActivityType.LoginFailed, asOf.AddDays(-lastActive).AddHours(2));
            Add(ActivityType.PasswordReset, asOf.AddDays(-lastActive).AddHours(3));
        }

        Add(ActivityType.Interaction, asOf.AddDays(-lastActive).AddMinutes(30));
        events.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        return events;
    }

    // A stable hash rather than HashCode.Combine, which is salted per process: the same seed must give the same population in every run.
    private Random RandomFor(int index, int stream) => new((int)(Core.Journeys.StableHash.Of(
        seed.ToString(System.Globalization.CultureInfo.InvariantCulture), index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        stream.ToString(System.Globalization.CultureInfo.InvariantCulture)) & int.MaxValue));
}
