using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Reactivation.Core.Links;
using Xunit;

namespace Reactivation.Core.Tests.Links;

public sealed class LinkTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly byte[] OldKey = Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef");
    private static readonly byte[] NewKey = Encoding.ASCII.GetBytes("fedcba9876543210fedcba9876543210");
    private static readonly LinkKeyring Keyring = Ring("k2", ("k1", OldKey), ("k2", NewKey));
    private const string SendKey = "standard~u0000042~1~gift-sms~1";

    [Fact]
    public void A_token_verifies_for_its_purpose_and_gives_back_the_send_and_destination()
    {
        var token = LinkToken.Create(Keyring, LinkPurpose.Track, SendKey, "https://shop.example.com/cart?x=1", Now.AddDays(30));

        var (claims, refusal) = LinkToken.Verify(Keyring, token, LinkPurpose.Track, Now);

        Assert.Equal(LinkRefusal.None, refusal);
        Assert.Equal(new LinkClaims(LinkPurpose.Track, SendKey, "https://shop.example.com/cart?x=1", Now.AddDays(30), "k2"), claims);
        Assert.Matches("^[a-z0-9]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}$", token);
    }

    [Fact]
    public void A_token_is_refused_for_another_purpose_after_its_expiry_and_under_a_key_we_do_not_hold()
    {
        var token = LinkToken.Create(Keyring, LinkPurpose.Track, SendKey, "", Now.AddHours(1));

        Assert.Equal(LinkRefusal.WrongPurpose, LinkToken.Verify(Keyring, token, LinkPurpose.Unsubscribe, Now).Refusal);
        Assert.Equal(LinkRefusal.Expired, LinkToken.Verify(Keyring, token, LinkPurpose.Track, Now.AddHours(1)).Refusal);
        Assert.Equal(LinkRefusal.None, LinkToken.Verify(Keyring, token, LinkPurpose.Track, Now.AddHours(1).AddSeconds(-1)).Refusal);
        Assert.Equal(LinkRefusal.UnknownKey, LinkToken.Verify(Ring("k9", ("k9", NewKey)), token, LinkPurpose.Track, Now).Refusal);
    }

    [Fact]
    public void Rotation_keeps_links_signed_with_the_old_key_working_while_new_ones_use_the_new_key()
    {
        var before = LinkToken.Create(Ring("k1", ("k1", OldKey)), LinkPurpose.Preferences, SendKey, "", Now.AddDays(7));
        var after = LinkToken.Create(Keyring, LinkPurpose.Preferences, SendKey, "", Now.AddDays(7));

        Assert.StartsWith("k1.", before, StringComparison.Ordinal);
        Assert.StartsWith("k2.", after, StringComparison.Ordinal);
        Assert.Equal(LinkRefusal.None, LinkToken.Verify(Keyring, before, LinkPurpose.Preferences, Now).Refusal);
        Assert.Equal(LinkRefusal.UnknownKey, LinkToken.Verify(Ring("k2", ("k2", NewKey)), before, LinkPurpose.Preferences, Now).Refusal);
    }

    [Fact]
    public void Changing_any_one_character_of_a_token_makes_it_refused()
    {
        var token = LinkToken.Create(Keyring, LinkPurpose.Unsubscribe, SendKey, "", Now.AddDays(30));
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

        for (var i = 0; i < token.Length; i++)
        {
            foreach (var replacement in alphabet.Where(c => c != token[i]))
            {
                var mutated = token[..i] + replacement + token[(i + 1)..];
                Assert.NotEqual(LinkRefusal.None, LinkToken.Verify(Keyring, mutated, LinkPurpose.Unsubscribe, Now).Refusal);
            }
        }
    }

    [Fact]
    public void Tokens_from_the_same_send_for_different_destinations_differ_and_cannot_be_spliced()
    {
        var home = LinkToken.Create(Keyring, LinkPurpose.Track, SendKey, "https://shop.example.com/", Now.AddDays(1)).Split('.');
        var cart = LinkToken.Create(Keyring, LinkPurpose.Track, SendKey, "https://shop.example.com/cart", Now.AddDays(1)).Split('.');

        var spliced = $"{home[0]}.{cart[1]}.{home[2]}";

        Assert.Equal(LinkRefusal.BadSignature, LinkToken.Verify(Keyring, spliced, LinkPurpose.Track, Now).Refusal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("k2")]
    [InlineData("k2..")]
    [InlineData("k2.abc")]
    [InlineData("k2.!!!.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("k2.AAAA.AAAA")]
    [InlineData("a.b.c.d")]
    public void Malformed_tokens_are_refused_as_malformed_without_throwing(string? token) =>
        Assert.Equal(LinkRefusal.Malformed, LinkToken.Verify(Keyring, token, LinkPurpose.Track, Now).Refusal);

    [Property(MaxTest = 2_000, QuietOnSuccess = true)]
    public bool Random_strings_are_never_accepted_and_never_throw(string? token) =>
        LinkToken.Verify(Keyring, token, LinkPurpose.Track, Now).Refusal != LinkRefusal.None;

    [Property(MaxTest = 500, QuietOnSuccess = true)]
    public bool Any_send_key_and_destination_round_trip(NonEmptyString subject, string? destination)
    {
        var s = subject.Get.Replace('\u001f', ' ');
        var d = (destination ?? "").Replace('\u001f', ' ');
        var token = LinkToken.Create(Keyring, LinkPurpose.Track, s, d, Now.AddMinutes(5));
        var (claims, _) = LinkToken.Verify(Keyring, token, LinkPurpose.Track, Now);
        return claims is not null && claims.Subject == s && claims.Destination == d;
    }

    [Fact]
    public void A_keyring_reports_short_keys_bad_ids_and_a_missing_current_key()
    {
        var (keyring, problems) = LinkKeyring.Create(new Dictionary<string, byte[]> { ["K1"] = new byte[16] }, "k2");

        Assert.Null(keyring);
        Assert.Equal(3, problems.Count);
    }

    private static LinkKeyring Ring(string current, params (string Id, byte[] Key)[] keys) =>
        LinkKeyring.Create(keys.ToDictionary(k => k.Id, k => k.Key), current).Keyring!;
}
