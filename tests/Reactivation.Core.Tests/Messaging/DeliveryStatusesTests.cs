using Reactivation.Core.Journeys;
using Reactivation.Core.Messaging;
using Xunit;

namespace Reactivation.Core.Tests.Messaging;

public sealed class DeliveryStatusesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_first_report_is_always_recorded() => Assert.True(DeliveryStatuses.Replaces(null, null, Sms("Failed", T0)));

    [Fact]
    public void A_duplicate_report_changes_nothing() => Assert.False(DeliveryStatuses.Replaces("Delivered", T0, Sms("Delivered", T0)));

    [Fact]
    public void An_older_final_report_does_not_overwrite_a_newer_final_one() =>
        Assert.False(DeliveryStatuses.Replaces("Delivered", T0, Sms("Failed", T0.AddMinutes(-5))));

    [Fact]
    public void A_newer_final_report_overwrites_an_older_final_one() =>
        Assert.True(DeliveryStatuses.Replaces("Failed", T0, Sms("Delivered", T0.AddMinutes(5))));

    [Fact]
    public void A_final_status_beats_a_non_final_one_whatever_their_times()
    {
        Assert.True(DeliveryStatuses.Replaces("Expanded", T0, Email("Delivered", T0.AddMinutes(-5))));
        Assert.False(DeliveryStatuses.Replaces("Delivered", T0, Email("Expanded", T0.AddMinutes(5))));
    }

    [Fact]
    public void A_status_word_we_do_not_know_never_hides_a_final_one() =>
        Assert.False(DeliveryStatuses.Replaces("Bounced", T0, Email("SomethingNew", T0.AddHours(1))));

    [Theory]
    [InlineData("Bounced", "the email bounced (hard bounce): 550 5.1.1 mailbox unavailable")]
    [InlineData("Suppressed", "the address is on the provider's suppression list: 550 5.1.1 mailbox unavailable")]
    public void A_hard_bounce_and_a_suppression_block_an_email_address(string status, string reason) =>
        Assert.Equal(reason, DeliveryStatuses.BlockReason(Email(status, T0, "550 5.1.1 mailbox unavailable")));

    [Fact]
    public void An_sms_the_recipient_blocked_after_stop_blocks_the_number() =>
        Assert.Equal("the recipient blocked the sender: Sender blocked for given recipient.",
            DeliveryStatuses.BlockReason(Sms("Failed", T0, "Sender blocked for given recipient.")));

    [Theory]
    [InlineData("Failed")]
    [InlineData("Quarantined")]
    [InlineData("FilteredSpam")]
    [InlineData("Delivered")]
    public void Other_email_outcomes_do_not_block_at_once(string status) => Assert.Null(DeliveryStatuses.BlockReason(Email(status, T0)));

    [Fact]
    public void An_ordinary_sms_failure_does_not_block_at_once_but_counts_as_a_failure()
    {
        var report = Sms("Failed", T0, "Unknown error");
        Assert.Null(DeliveryStatuses.BlockReason(report));
        Assert.True(DeliveryStatuses.IsFailure(report));
    }

    private static DeliveryReport Sms(string status, DateTimeOffset at, string? detail = null) => new("Outgoing_1", Channel.Sms, status, detail, at);

    private static DeliveryReport Email(string status, DateTimeOffset at, string? detail = null) => new("00000000-0000-0000-0000-000000000001", Channel.Email, status, detail, at);
}
