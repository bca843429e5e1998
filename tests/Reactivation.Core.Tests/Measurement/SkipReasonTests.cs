namespace Reactivation.Core.Tests.Measurement;

public sealed class SkipReasonTests
{
    [Theory]
    [InlineData("skipped", "no contact point for sms", "no contact point for sms")]
    [InlineData("skipped", "quiet hours until 09:00", "quiet hours until #")]
    [InlineData("skipped", "retry window closed at 2026-05-04T10:00:00Z.", "retry window closed at #")]
    [InlineData("skipped", "sent 3 messages today, limit 3", "sent # messages today, limit #")]
    [InlineData("skipped", "daily cap reached (3 of 3)", "daily cap reached")]
    [InlineData("skipped", "  opted out; via STOP reply ", "opted out")]
    [InlineData("suppressed", "contact policy: 3 messages in 7 days", "suppressed: contact policy")]
    [InlineData("skipped", null, "skipped")]
    [InlineData("suppressed", "  ", "suppressed")]
    [InlineData("suppressed", ": 42", "suppressed")]
    public void A_reason_keeps_the_words_and_drops_times_counts_and_what_follows_a_colon_or_bracket(string kind, string? detail, string expected) =>
        Assert.Equal(expected, SkipReason.Normalize(kind, detail));

    [Fact]
    public void Details_that_differ_only_in_their_times_and_counts_group_as_one_reason()
    {
        Assert.Equal(SkipReason.Normalize("skipped", "quiet hours until 09:00"), SkipReason.Normalize("skipped", "quiet hours until 10:30"));
        Assert.Equal(SkipReason.Normalize("skipped", "frequency cap 2 per 7 days"), SkipReason.Normalize("skipped", "frequency cap 3 per 14 days"));
        Assert.NotEqual(SkipReason.Normalize("skipped", "opted out of sms"), SkipReason.Normalize("suppressed", "opted out of sms"));
    }

    [Fact]
    public void A_long_reason_is_cut_to_eighty_characters()
    {
        var reason = SkipReason.Normalize("suppressed", new string('x', 200));

        Assert.Equal(80, reason.Length);
        Assert.Equal("suppressed: " + new string('x', 68), reason);
    }
}
