using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Xunit;

namespace Reactivation.Core.Tests.Policy;

public sealed class MarketingChoiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly ConsentEvidence Evidence = ConsentEvidence.Of("prefs-v1", "203.0.113.7", new string('u', 600));
    private static readonly Channel[] Both = [Channel.Sms, Channel.Email];

    [Theory]
    [InlineData(ConsentState.Unknown, false, true)]
    [InlineData(ConsentState.Unknown, true, false)]
    [InlineData(ConsentState.OptedIn, true, true)]
    [InlineData(ConsentState.OptedOut, false, false)]
    public void No_recorded_choice_follows_the_consent_model_and_a_recorded_one_decides(ConsentState state, bool needsOptIn, bool subscribed)
    {
        var flag = state == ConsentState.Unknown ? null : new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, state, "api", null, Now);

        Assert.Equal(subscribed, MarketingChoice.IsSubscribed(flag, needsOptIn));
    }

    [Fact]
    public void A_form_changes_only_the_channels_whose_state_differs_with_ids_that_repeat_for_the_same_render()
    {
        var (wanted, problem) = PreferenceForm.Read([KeyValuePair.Create("csrf", new[] { "t" }), KeyValuePair.Create("sms", new[] { "on" })], Both);
        var flags = new[] { new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedOut, "api", null, Now.AddDays(-1)) };

        var changes = MarketingChoice.FromForm("u1", "link", "nonce", wanted!, flags, false, Evidence, Now);

        Assert.Null(problem);
        Assert.Equal([(Channel.Sms, ConsentState.OptedIn), (Channel.Email, ConsentState.OptedOut)], changes.Select(c => (c.Flag.Channel, c.Flag.State)));
        Assert.All(changes, c => Assert.Equal(("preferencePage", "prefs-v1", 512), (c.Flag.Source, c.TextVersion, c.UserAgent!.Length)));
        Assert.Equal(changes.Select(c => c.ChangeId), MarketingChoice.FromForm("u1", "link", "nonce", wanted!, flags, false, Evidence, Now.AddSeconds(5)).Select(c => c.ChangeId));
        Assert.NotEqual(changes[0].ChangeId, MarketingChoice.FromForm("u1", "link", "other", wanted!, flags, false, Evidence, Now)[0].ChangeId);
        Assert.Empty(MarketingChoice.FromForm("u1", "link", "nonce", new Dictionary<Channel, bool> { [Channel.Sms] = false }, flags, false, Evidence, Now));
    }

    [Theory]
    [InlineData("push", "on")]
    [InlineData("email", "yes")]
    [InlineData("webhook", "on")]
    public void A_form_with_a_field_the_page_never_sends_is_refused(string name, string value)
    {
        var (wanted, problem) = PreferenceForm.Read([KeyValuePair.Create("csrf", new[] { "t" }), KeyValuePair.Create(name, new[] { value })], Both);

        Assert.Null(wanted);
        Assert.NotNull(problem);
    }

    [Fact]
    public void A_form_without_its_token_or_with_a_repeated_field_is_refused()
    {
        Assert.NotNull(PreferenceForm.Read([KeyValuePair.Create("sms", new[] { "on" })], Both).Problem);
        Assert.NotNull(PreferenceForm.Read([KeyValuePair.Create("csrf", new[] { "t" }), KeyValuePair.Create("sms", new[] { "on", "on" })], Both).Problem);
    }

    [Fact]
    public void An_unsubscribe_opts_out_once_and_again_only_after_a_new_opt_in()
    {
        var first = MarketingChoice.Unsubscribe("u1", "link", Channel.Email, null, Evidence, Now)!;
        var optedOut = first.Flag;
        var optedIn = optedOut with { State = ConsentState.OptedIn, At = Now.AddDays(1) };

        Assert.Equal((ConsentState.OptedOut, "oneClick"), (first.Flag.State, first.Flag.Source));
        Assert.Equal(first.ChangeId, MarketingChoice.Unsubscribe("u1", "link", Channel.Email, null, Evidence, Now.AddMinutes(1))!.ChangeId);
        Assert.Null(MarketingChoice.Unsubscribe("u1", "link", Channel.Email, optedOut, Evidence, Now));
        Assert.NotEqual(first.ChangeId, MarketingChoice.Unsubscribe("u1", "link", Channel.Email, optedIn, Evidence, Now.AddDays(2))!.ChangeId);
    }
}
