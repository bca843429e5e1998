using Reactivation.Core.Activity;
using Xunit;

namespace Reactivation.Core.Tests.Activity;

public sealed class ActivityBatchValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
    private static readonly ActivityValidationOptions Options = new();

    [Fact]
    public void Every_problem_in_a_batch_is_reported_at_its_location()
    {
        var outcome = ActivityBatchValidator.Validate(
        [
            new ActivityEventInput { UserId = "a", Type = "login", OccurredAt = Now },
            new ActivityEventInput { EventId = "e2", UserId = "a/b", Type = "login", OccurredAt = Now },
            new ActivityEventInput { EventId = "e3", UserId = "a", Type = "Login", OccurredAt = Now },
            new ActivityEventInput { EventId = "e4", UserId = "a", Type = "login", OccurredAt = Now.AddMinutes(6) },
            new ActivityEventInput { EventId = "e5", UserId = "a", Type = "purchase", OccurredAt = Now, Amount = -1 },
            new ActivityEventInput { EventId = "e6", UserId = "a", Type = "purchase", OccurredAt = Now, Amount = 1, Currency = "XYZ" },
            new ActivityEventInput { EventId = "e7", UserId = "a", Type = "login", OccurredAt = Now, Amount = 3 },
            null,
        ], Now, Options);

        Assert.False(outcome.IsValid);
        Assert.Equal(["/0/eventId", "/1/userId", "/2/type", "/3/occurredAt", "/4/amount", "/5/currency", "/6/amount", "/7"],
            outcome.Problems.Select(p => p.Location).ToArray());
    }

    [Fact]
    public void A_timestamp_within_the_clock_skew_is_accepted_and_amounts_are_converted()
    {
        var outcome = ActivityBatchValidator.Validate(
            [new ActivityEventInput { EventId = "e", UserId = "a", Type = "purchase", OccurredAt = Now.AddMinutes(4), Amount = 10, Currency = "USD" }], Now, Options);
        Assert.True(outcome.IsValid);
        Assert.Equal(72m, outcome.Value![0].Amount);
    }

    [Fact]
    public void Identical_repeats_fold_into_one_and_conflicting_repeats_are_rejected()
    {
        var login = new ActivityEventInput { EventId = "e", UserId = "a", Type = "login", OccurredAt = Now };
        Assert.Single(ActivityBatchValidator.Validate([login, login], Now, Options).Value!);
        var conflicting = ActivityBatchValidator.Validate([login, login with { OccurredAt = Now.AddDays(-1) }], Now, Options);
        Assert.Equal("/1/eventId", Assert.Single(conflicting.Problems).Location);
    }

    [Fact]
    public void A_batch_over_the_limit_is_rejected_whole()
    {
        var inputs = Enumerable.Range(0, 1_001).Select(i => (ActivityEventInput?)new ActivityEventInput { EventId = $"e{i}", UserId = "a", Type = "login", OccurredAt = Now }).ToList();
        Assert.Contains("at most 1000", Assert.Single(ActivityBatchValidator.Validate(inputs, Now, Options).Problems).Message, StringComparison.Ordinal);
    }
}
