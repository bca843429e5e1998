using Reactivation.Core.Tests.Journeys;
using static Reactivation.Core.Tests.Journeys.Kit;
using static Reactivation.Core.Tests.Measurement.MeasurementKit;

namespace Reactivation.Core.Tests.Measurement;

public sealed class ArmNamesTests
{
    [Fact]
    public void A_user_is_measured_from_enrollment_in_the_variant_the_stepper_later_assigns_at_the_split()
    {
        var definition = WaitThenSplit();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var user in Enumerable.Range(0, 40).Select(i => $"user-{i}"))
        {
            var run = new Driver(definition, NewState(definition, userId: user));
            var armAtEnrollment = ArmNames.Of(definition, run.State);
            run.Start();
            run.Wake(T0.AddDays(2));

            Assert.Equal($"ab={run.State.Variants["ab"]}", armAtEnrollment);
            seen.Add(armAtEnrollment);
        }

        Assert.Equal(["ab=a", "ab=b"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_journey_with_two_splits_names_both_variants_ordered_by_split_id()
    {
        var definition = Definition(
            Split("zz", ("only", 100, "ab")),
            Split("ab", ("b", 100, "end")),
            Exit("end", JourneyOutcome.Lost));

        Assert.Equal("ab=b+zz=only", ArmNames.Of(definition, NewState(definition)));
    }

    [Theory]
    [InlineData(false, ArmNames.Holdout)]
    [InlineData(true, ArmNames.Control)]
    public void A_held_out_user_is_untreated_even_in_a_journey_with_a_split(bool control, string arm)
    {
        var definition = WaitThenSplit();

        var name = ArmNames.Of(definition, NewState(definition, heldOut: true) with { Control = control });

        Assert.Equal(arm, name);
        Assert.True(ArmNames.IsUntreated(name));
    }

    [Theory]
    [InlineData(ArmNames.Holdout, true)]
    [InlineData(ArmNames.Control, true)]
    [InlineData(ArmNames.Untreated, true)]
    [InlineData(ArmNames.Treated, false)]
    [InlineData(ArmNames.AllTreated, false)]
    [InlineData("ab=a", false)]
    public void Only_the_holdout_the_control_and_their_union_are_untreated(string arm, bool untreated) =>
        Assert.Equal(untreated, ArmNames.IsUntreated(arm));
}
