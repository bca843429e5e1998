using Reactivation.Core.Links;

namespace Reactivation.Core.Tests.Links;

public sealed class LinkKeyRecordTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(400);

    [Fact]
    public void A_key_that_still_signs_can_never_be_retired()
    {
        var key = new LinkKeyRecord("d1", null, "derived", Start, Start, null, null);

        Assert.True(key.Signing);
        Assert.Equal(DateTimeOffset.MaxValue, key.LinksLiveUntil(Lifetime));
        Assert.Contains("still signs new links", key.RetirementRisk(Start.AddYears(5), Lifetime), StringComparison.Ordinal);
    }

    [Fact]
    public void A_superseded_key_may_be_retired_once_the_longest_link_lifetime_has_passed_since_it_stopped_signing()
    {
        var key = new LinkKeyRecord("d1", null, "derived", Start, Start, Start.AddDays(30), null);

        Assert.Equal(Start.AddDays(430), key.LinksLiveUntil(Lifetime));
        Assert.Contains("work until 2027-03-07 00:00Z", key.RetirementRisk(Start.AddDays(429), Lifetime), StringComparison.Ordinal);
        Assert.Null(key.RetirementRisk(Start.AddDays(430), Lifetime));
    }

    [Fact]
    public void A_key_that_never_signed_breaks_nothing_when_retired()
    {
        var key = new LinkKeyRecord("k3", new byte[32], "made", Start, null, null, null);

        Assert.Null(key.LinksLiveUntil(Lifetime));
        Assert.Null(key.RetirementRisk(Start, Lifetime));
        Assert.False(key.Signing);
    }
}
