namespace Reactivation.Core.Tests.Measurement;

public sealed class JourneyMeasurementTests
{
    private const string Source = "test.json";

    private static readonly string[] Users = [.. Enumerable.Range(0, 20_000).Select(i => $"user-{i}")];

    private static HashSet<string> InControl(double percent, string journeyId = "winback")
    {
        var measurement = new JourneyMeasurement { ControlPercent = percent };
        return Users.Where(u => measurement.InControl(u, journeyId)).ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void Without_a_control_share_nobody_is_held_back() => Assert.Empty(InControl(0));

    [Theory]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    public void A_control_share_holds_back_about_that_percent_of_users(double percent)
    {
        var share = (double)InControl(percent).Count / Users.Length;

        // One standard error over 20,000 users is at most 0.35 points; 1.5 points is more than four.
        Assert.InRange(share * 100, percent - 1.5, percent + 1.5);
    }

    [Fact]
    public void Raising_the_control_share_keeps_every_user_already_held_back()
    {
        var small = InControl(10);
        var large = InControl(20);

        Assert.Subset(large, small);
        Assert.True(large.Count > small.Count);
    }

    [Fact]
    public void Each_journey_draws_its_own_control_share()
    {
        var winback = InControl(20, "winback");
        var welcome = InControl(20, "welcome");

        // Independent draws overlap on about 20% of 20% = 4% of users; the same draw would overlap on all 20%.
        var overlap = (double)winback.Intersect(welcome).Count() / Users.Length;
        Assert.InRange(overlap, 0.03, 0.05);
    }

    [Theory]
    [InlineData(-1, 0.15, 0.15, "$.measurement.controlPercent")]
    [InlineData(50.5, 0.15, 0.15, "$.measurement.controlPercent")]
    [InlineData(double.NaN, 0.15, 0.15, "$.measurement.controlPercent")]
    [InlineData(10, 0, 0.15, "$.measurement.minimumDetectableLift")]
    [InlineData(10, 10.5, 0.15, "$.measurement.minimumDetectableLift")]
    [InlineData(10, double.NaN, 0.15, "$.measurement.minimumDetectableLift")]
    [InlineData(10, 0.15, 0, "$.measurement.activationTarget")]
    [InlineData(10, 0.15, 1, "$.measurement.activationTarget")]
    [InlineData(10, 0.15, double.NaN, "$.measurement.activationTarget")]
    public void A_setting_out_of_range_is_one_problem_at_its_json_location(double controlPercent, double lift, double target, string location)
    {
        var measurement = new JourneyMeasurement { ControlPercent = controlPercent, MinimumDetectableLift = lift, ActivationTarget = target };

        Assert.Equal(location, Assert.Single(measurement.Validate()).Location);
    }

    [Theory]
    [InlineData(0, 0.01, 0.01)]
    [InlineData(50, 10, 0.99)]
    public void Settings_at_the_edges_of_their_ranges_have_no_problems(double controlPercent, double lift, double target) =>
        Assert.Empty(new JourneyMeasurement { ControlPercent = controlPercent, MinimumDetectableLift = lift, ActivationTarget = target }.Validate());

    [Fact]
    public void The_validator_reports_every_bad_setting_of_a_journeys_measurement_block_read_from_json()
    {
        static string Json(string measurement) =>
            "{ \"id\": \"t\", \"version\": 1, \"entry\": {}, \"start\": \"a\", \"measurement\": " + measurement + ", \"steps\": ["
            + "{ \"id\": \"a\", \"kind\": \"wait\", \"duration\": \"1d\", \"next\": \"b\" }, { \"id\": \"b\", \"kind\": \"exit\", \"outcome\": \"lost\" } ] }";
        var templates = new Dictionary<string, Channel>(StringComparer.Ordinal);

        var (bad, parseProblems) = JourneyJson.Parse(Json("{ \"controlPercent\": 60, \"minimumDetectableLift\": 0, \"activationTarget\": 1.5 }"), Source);
        var (good, _) = JourneyJson.Parse(Json("{ \"controlPercent\": 20, \"minimumDetectableLift\": 0.1 }"), Source);

        Assert.Empty(parseProblems);
        var problems = JourneyValidator.Validate(bad!, Source, templates);
        Assert.Equal(
            ["$.measurement.activationTarget", "$.measurement.controlPercent", "$.measurement.minimumDetectableLift"],
            problems.Select(p => p.Location).Order(StringComparer.Ordinal));
        Assert.Contains(problems, p => p.Message == "must be between 0 and 50 (was 60)" && p.Source == Source);
        Assert.Empty(JourneyValidator.Validate(good!, Source, templates));
        Assert.Equal((20.0, 0.1, 0.15), (good!.Measurement.ControlPercent, good.Measurement.MinimumDetectableLift, good.Measurement.ActivationTarget));
    }
}
