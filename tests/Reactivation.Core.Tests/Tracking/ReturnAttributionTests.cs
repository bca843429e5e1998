using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Core.Tracking;
using Xunit;

namespace Reactivation.Core.Tests.Tracking;

public sealed class ReturnAttributionTests
{
    private static readonly DateTimeOffset Returned = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(7);

    [Fact]
    public void A_return_is_credited_to_the_last_touch_in_the_window_and_every_touch_in_it_is_listed()
    {
        var old = new ContactTouch("j~u~1~a~1", Channel.Sms, Returned.AddDays(-8));
        var sms = new ContactTouch("j~u~1~b~1", Channel.Sms, Returned.AddDays(-6));
        var email = new ContactTouch("j~u~1~c~1", Channel.Email, Returned.AddDays(-1));

        var attribution = ReturnAttribution.Decide([email, old, sms], Returned, Window);

        Assert.Equal(email, attribution.LastTouch);
        Assert.Equal([sms, email], attribution.TouchesInWindow);
    }

    [Fact]
    public void A_touch_exactly_at_the_window_edge_counts_and_one_after_the_return_does_not()
    {
        var edge = new ContactTouch("j~u~1~a~1", Channel.Sms, Returned - Window);
        var later = new ContactTouch("j~u~1~b~1", Channel.Sms, Returned.AddMinutes(1));

        Assert.Equal(edge, ReturnAttribution.Decide([edge, later], Returned, Window).LastTouch);
    }

    [Fact]
    public void A_return_with_no_touch_in_the_window_is_not_attributed()
    {
        var attribution = ReturnAttribution.Decide([new ContactTouch("j~u~1~a~1", Channel.Sms, Returned.AddDays(-7).AddSeconds(-1))], Returned, Window);

        Assert.False(attribution.IsAttributed);
        Assert.Empty(attribution.TouchesInWindow);
    }
}
