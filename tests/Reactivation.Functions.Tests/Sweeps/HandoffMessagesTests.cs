using System.Text;
using System.Text.Json;
using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Sweeps;
using Xunit;

namespace Reactivation.Functions.Tests.Sweeps;

public sealed class HandoffMessagesTests
{
    [Fact]
    public void A_batch_is_written_in_the_contracts_schema_2_envelope()
    {
        var (first, body) = Assert.Single(HandoffMessages.Pack([Handoff("u0000032")], perMessage: 64));

        Assert.Equal(0, first);
        Assert.Equal(
            """{"schema":2,"handoffs":[{"schema":1,"handoffId":"20261122:u0000032","sweepDate":"2026-11-22","asOf":"2026-11-22T02:00:00+00:00","userId":"u0000032","reason":"becameSilent","band":"over12Months","previousBand":"active","tier":"low","cause":"naturalDecline","earlyWarning":false,"daysSilent":728}]}""",
            body);
    }

    [Fact]
    public void Hand_offs_are_packed_in_order_at_most_the_given_number_to_a_message_and_read_back_whole()
    {
        var handoffs = Enumerable.Range(0, 150).Select(i => Handoff($"u{i:0000000}")).ToArray();

        var packed = HandoffMessages.Pack(handoffs, perMessage: 64).ToList();

        Assert.Equal([0, 64, 128], packed.Select(p => p.FirstIndex));
        Assert.Equal(handoffs, packed.SelectMany(p => HandoffMessages.Read(p.Body)));
    }

    [Fact]
    public void A_batch_too_large_for_a_queue_message_is_split_until_each_part_fits()
    {
        var long_ = new string('x', 900);
        var handoffs = Enumerable.Range(0, 64).Select(i => Handoff($"u{i:0000000}") with { TraceParent = long_ }).ToArray();

        var packed = HandoffMessages.Pack(handoffs, perMessage: 64).ToList();

        Assert.True(packed.Count > 1);
        Assert.All(packed, p => Assert.True(Encoding.UTF8.GetByteCount(p.Body) <= HandoffMessages.MaxBodyBytes));
        Assert.Equal(handoffs, packed.SelectMany(p => HandoffMessages.Read(p.Body)));
    }

    [Fact]
    public void A_schema_1_message_of_one_hand_off_is_still_read()
    {
        var single = JsonSerializer.Serialize(Handoff("u0000007"), SweepJson.Options);

        Assert.Equal([Handoff("u0000007")], HandoffMessages.Read(single));
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"schema\":2,\"handoffs\":[null]}")]
    [InlineData("not json")]
    public void A_body_that_is_neither_a_hand_off_nor_a_batch_is_refused_as_json(string body) =>
        Assert.ThrowsAny<JsonException>(() => HandoffMessages.Read(body));

    private static EnrollmentHandoff Handoff(string user) => new()
    {
        HandoffId = EnrollmentHandoff.IdFor(new DateOnly(2026, 11, 22), user),
        SweepDate = new DateOnly(2026, 11, 22),
        AsOf = new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero),
        UserId = user,
        Reason = HandoffReason.BecameSilent,
        Band = DormancyBand.Over12Months,
        PreviousBand = DormancyBand.Active,
        Tier = ValueTier.Low,
        Cause = SilenceCause.NaturalDecline,
        EarlyWarning = false,
        DaysSilent = 728,
    };
}
