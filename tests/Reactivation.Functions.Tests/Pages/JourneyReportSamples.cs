using Reactivation.Core.Measurement;

namespace Reactivation.Functions.Tests.Pages;

/// <summary>Journey reports built by hand for the report page's tests: a busy one, an empty one and an all-zero one.</summary>
internal static class JourneyReportSamples
{
    public static readonly DateTimeOffset GeneratedAt = new(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);

    /// <summary>
    /// A journey with a baseline at 4%, a large variant clearly above it, a small variant whose interval crosses zero
    /// (flagged too small), and a variant with no comparison.
    /// </summary>
    public static JourneyReport Busy(string? name = "Winter win-back") => new()
    {
        JourneyId = "winback-2026",
        Name = name,
        From = new DateOnly(2026, 11, 1),
        To = new DateOnly(2026, 11, 9),
        GeneratedAt = GeneratedAt,
        ReturnWindowDays = 14,
        Totals = new MetricCounters { Enrolled = 5400, HeldOut = 2000, Reached = 3300, Sent = 6100, Skipped = 410, Cost = 1830.5, Returned = 265 },
        Funnel =
        [
            new("enrolled", 5400), new("treated", 3400), new("reached", 3300), new("messages sent", 3250), new("messages delivered", 3100),
            new("messages clicked", 600), new("returned", 185), new("purchased", 70),
        ],
        Kpis = new KpiSet
        {
            ActivationRate = 185.0 / 3300,
            ActivationTarget = 0.15,
            WakeRate = 265.0 / 5400,
            CostPerReactivation = 1830.5 / 185,
            ReturnsMatured30 = 120,
            ReSilenceRate = 0.35,
            SpendAfterReturn = [new(30, 120, 58.2, 41.7), new(60, 80, 97.4, 83.4), new(90, 0, null, null)],
        },
        Arms =
        [
            new ArmResult { Arm = "untreated", IsBaseline = true, Users = 2000, Returned = 80, ReturnRate = 0.04, NeededPerArm = 2800 },
            Treated("variant a", 3000, 165, cost: 1650, tooSmall: false),
            Treated("variant b", 400, 20, cost: 180.5, tooSmall: true),
            new ArmResult { Arm = "variant c", Users = 0, TooSmall = true },
        ],
        Daily =
        [
            Day(1, 900, 1200, 110, 30), Day(2, 700, 1500, 150, 50), Day(3, 600, 1100, 120, 45),

            // Nothing on the 4th to the 7th: the trend must leave that gap in time.
            Day(8, 500, 1300, 130, 60), Day(9, 200, 1000, 90, 80),
        ],
        Skips = [new("optedOut", 220), new("quietHours", 120), new("unreachable", 70)],
        Channels = [new("sms", 4000, 40, 1600, 150, 1600.0 / 150), new("email", 2100, 12, 230.5, 35, 230.5 / 35)],
        Segments =
        [
            new("band", "30-60d", 3000, 170, 1100, 40, 1900, 130),
            new("tier", "high", 1200, 60, 400, 14, 800, 46),
        ],
        Steps = [new("first-sms", "sms", 4000, 300, 3800, 420, 150), new("reminder-email", "email", 2100, 110, 2050, 180, 35)],
        Warnings = ["Arm variant b has 400 users; 2,800 are needed to detect the stated lift."],
    };

    /// <summary>A journey nothing has happened to yet: every list empty and every rate null.</summary>
    public static JourneyReport Empty() => new()
    {
        JourneyId = "quiet",
        GeneratedAt = GeneratedAt,
        ReturnWindowDays = 14,
        Totals = MetricCounters.Zero,
        Funnel = [],
        Kpis = new KpiSet { ActivationTarget = 0.15 },
        Arms = [],
        Daily = [],
        Skips = [],
        Channels = [],
        Segments = [],
        Steps = [],
        Warnings = [],
    };

    /// <summary>A journey with rows everywhere and every count zero: each chart must draw without dividing by zero.</summary>
    public static JourneyReport AllZero() => Empty() with
    {
        JourneyId = "zeros",
        From = new DateOnly(2026, 11, 1),
        To = new DateOnly(2026, 11, 1),
        Funnel = [new("enrolled", 0), new("treated", 0), new("reached", 0)],
        Arms =
        [
            new ArmResult { Arm = "untreated", IsBaseline = true },
            new ArmResult { Arm = "all treated", Lift = new ProportionComparison(0, 0, 0, 0, 0, 1), IncrementalReturns = 0 },
        ],
        Daily = [Day(1, 0, 0, 0, 0)],
        Skips = [new("optedOut", 0)],
        Channels = [new("sms", 0, 0, 0, 0, null)],
        Segments = [new("band", "30-60d", 0, 0, 0, 0, 0, 0)],
        Steps = [new("first-sms", "sms", 0, 0, 0, 0, 0)],
    };

    private static ArmResult Treated(string arm, long users, long returned, double cost, bool tooSmall)
    {
        var lift = ProportionComparison.Of(returned, users, 80, 2000)!;
        return new ArmResult
        {
            Arm = arm,
            Users = users,
            Returned = returned,
            ReturnRate = (double)returned / users,
            Cost = cost,
            Lift = lift,
            IncrementalReturns = lift.Difference * users,
            CostPerIncrementalReturn = cost / (lift.Difference * users),
            NeededPerArm = 2800,
            TooSmall = tooSmall,
        };
    }

    private static DailyPoint Day(int day, long enrolled, long sent, long clicked, long returned) =>
        new(new DateOnly(2026, 11, day), enrolled, sent, clicked, returned, sent * 0.3);
}
