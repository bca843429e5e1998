using Reactivation.Core.Messaging;
using Xunit;

namespace Reactivation.Core.Tests.Messaging;

public sealed class SmsSegmentsAndLintTests
{
    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Gsm7_text_takes_160_characters_in_one_segment_and_153_a_segment_when_split(int length, int segments) =>
        Assert.Equal((SmsEncoding.Gsm7, length, segments), SmsSegments.Count(new string('a', length)));

    [Fact]
    public void Extension_characters_cost_two_septets()
    {
        Assert.Equal((SmsEncoding.Gsm7, 160, 1), SmsSegments.Count(new string('a', 158) + "€"));
        Assert.Equal((SmsEncoding.Gsm7, 161, 2), SmsSegments.Count(new string('a', 159) + "€"));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Chinese_text_is_ucs2_with_70_characters_in_one_segment_and_67_a_segment_when_split(int length, int segments) =>
        Assert.Equal((SmsEncoding.Ucs2, length, segments), SmsSegments.Count(new string('好', length)));

    [Fact]
    public void One_character_outside_gsm7_makes_the_whole_text_ucs2() =>
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.EncodingOf("Hello – world"));

    [Theory]
    [InlineData("好久不见!回T退订", true, true)]
    [InlineData("We miss you. Reply STOP to opt out", true, true)]
    [InlineData("好久不见!", true, false)]
    [InlineData("You can unsubscribe at any time.", false, true)]
    [InlineData("如不想再收到此类邮件,可随时退订。", false, true)]
    [InlineData("We miss you.", false, false)]
    public void A_marketing_message_is_recognised_as_offering_an_opt_out_only_when_it_says_how(string text, bool isSms, bool expected) =>
        Assert.Equal(expected, ContentLint.HasOptOut(text, isSms));

    [Fact]
    public void Absolute_claims_are_flagged_but_ordinary_words_sharing_a_character_are_not()
    {
        Assert.Equal(["最佳", "国家级"], ContentLint.Claims("全场最佳,国家级品质"));
        Assert.Empty(ContentLint.Claims("我们注意到您最近没来,第一次下单立减"));
    }
}
