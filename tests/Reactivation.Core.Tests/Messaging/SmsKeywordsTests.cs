using Reactivation.Core.Messaging;
using Xunit;

namespace Reactivation.Core.Tests.Messaging;

public sealed class SmsKeywordsTests
{
    [Theory]
    [InlineData("STOP")]
    [InlineData("STOPALL")]
    [InlineData("UNSUBSCRIBE")]
    [InlineData("CANCEL")]
    [InlineData("END")]
    [InlineData("QUIT")]
    [InlineData("退订")]
    [InlineData("TD")]
    [InlineData("T")]
    [InlineData("N")]
    public void Every_opt_out_keyword_opts_out(string text) => Assert.Equal(SmsKeyword.OptOut, SmsKeywords.Parse(text));

    [Theory]
    [InlineData("START")]
    [InlineData("UNSTOP")]
    [InlineData("YES")]
    [InlineData("Y")]
    public void Every_opt_in_keyword_opts_in(string text) => Assert.Equal(SmsKeyword.OptIn, SmsKeywords.Parse(text));

    [Theory]
    [InlineData("stop")]
    [InlineData("Stop")]
    [InlineData("td")]
    [InlineData("t")]
    [InlineData("unsubscribe")]
    public void Keywords_match_in_any_case(string text) => Assert.Equal(SmsKeyword.OptOut, SmsKeywords.Parse(text));

    [Theory]
    [InlineData("  STOP  ")]
    [InlineData("\tTD\r\n")]
    [InlineData("\u3000退订\u3000")]
    [InlineData(" start ")]
    public void Surrounding_whitespace_including_the_ideographic_space_is_ignored(string text) =>
        Assert.NotEqual(SmsKeyword.None, SmsKeywords.Parse(text));

    [Theory]
    [InlineData("ＳＴＯＰ", SmsKeyword.OptOut)]
    [InlineData("ｓｔｏｐ", SmsKeyword.OptOut)]
    [InlineData("ＴＤ", SmsKeyword.OptOut)]
    [InlineData("ｔｄ", SmsKeyword.OptOut)]
    [InlineData("Ｔ", SmsKeyword.OptOut)]
    [InlineData("Ｎ", SmsKeyword.OptOut)]
    [InlineData("ＳＴＡＲＴ", SmsKeyword.OptIn)]
    [InlineData("Ｙ", SmsKeyword.OptIn)]
    public void Full_width_letters_as_chinese_input_methods_type_them_are_the_same_keywords(string text, SmsKeyword expected) =>
        Assert.Equal(expected, SmsKeywords.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("please stop")]
    [InlineData("STOP IT")]
    [InlineData("stopped")]
    [InlineData("退订了吗")]
    [InlineData("TDD")]
    [InlineData("OK")]
    [InlineData("NO")]
    [InlineData("Great to connect with Azure Communication Services events")]
    public void Anything_but_a_whole_keyword_is_no_keyword(string? text) => Assert.Equal(SmsKeyword.None, SmsKeywords.Parse(text));

    [Fact]
    public void No_word_is_both_an_opt_out_and_an_opt_in_keyword() => Assert.Empty(SmsKeywords.OptOut.Intersect(SmsKeywords.OptIn));
}
