using Reactivation.Core.Tracking;
using Xunit;

namespace Reactivation.Core.Tests.Tracking;

public sealed class UtmParametersTests
{
    [Fact]
    public void The_campaign_parameters_are_appended_after_the_existing_query_and_before_the_fragment() =>
        Assert.Equal(
            "https://example.com/sale?ref=a%20b&utm_source=reactivation&utm_medium=sms&utm_campaign=standard&utm_content=gift-sms-b#top",
            UtmParameters.Append("https://example.com/sale?ref=a%20b#top", "standard", "gift-sms", "b", "sms"));

    [Fact]
    public void A_destination_without_a_query_gets_one_and_without_a_variant_the_content_is_the_step() =>
        Assert.Equal(
            "https://example.com/?utm_source=reactivation&utm_medium=email&utm_campaign=standard&utm_content=mail",
            UtmParameters.Append("https://example.com/", "standard", "mail", null, "email"));

    [Fact]
    public void Parameters_the_destination_already_sets_are_not_overwritten()
    {
        var url = UtmParameters.Append("https://example.com/?UTM_SOURCE=partner&utm_campaign=spring", "standard", "mail", null, "email", "crm");

        Assert.Equal("https://example.com/?UTM_SOURCE=partner&utm_campaign=spring&utm_medium=email&utm_content=mail", url);
    }

    [Fact]
    public void An_unknown_medium_is_left_out_and_values_are_escaped() =>
        Assert.Equal(
            "https://example.com/?utm_source=reactivation&utm_campaign=a%26b&utm_content=s",
            UtmParameters.Append("https://example.com/", "a&b", "s", "", null));
}
