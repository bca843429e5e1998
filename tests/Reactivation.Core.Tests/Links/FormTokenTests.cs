using System.Text;
using Reactivation.Core.Links;
using Xunit;

namespace Reactivation.Core.Tests.Links;

public sealed class FormTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = FormToken.DeriveKey(Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));
    private const string Link = "k1.payload.mac";
    private const string Nonce = "00112233445566778899aabbccddeeff";

    [Fact]
    public void A_form_token_verifies_for_its_link_within_its_lifetime_and_gives_back_its_nonce()
    {
        var token = FormToken.Create(Key, Link, Nonce, Now);

        Assert.Equal(Nonce, FormToken.Verify(Key, Link, token, Now.AddHours(23), TimeSpan.FromHours(24)));
        Assert.Matches("^[0-9]+\\.[0-9a-f]{32}\\.[0-9a-f]{64}$", token);
    }

    [Fact]
    public void A_form_token_is_refused_for_another_link_another_key_when_stale_from_the_future_or_with_any_character_changed()
    {
        var token = FormToken.Create(Key, Link, Nonce, Now);
        var lifetime = TimeSpan.FromHours(24);

        Assert.Null(FormToken.Verify(Key, "k1.other.mac", token, Now, lifetime));
        Assert.Null(FormToken.Verify(FormToken.DeriveKey(new byte[32]), Link, token, Now, lifetime));
        Assert.Null(FormToken.Verify(Key, Link, token, Now.AddHours(24).AddSeconds(1), lifetime));
        Assert.Null(FormToken.Verify(Key, Link, token, Now - FormToken.AllowedSkew - TimeSpan.FromSeconds(1), lifetime));
        Assert.Null(FormToken.Verify(Key, Link, null, Now, lifetime));
        for (var i = 0; i < token.Length; i++)
        {
            foreach (var c in "0123456789abcdef.A")
            {
                if (c != token[i])
                {
                    var changed = token[..i] + c + token[(i + 1)..];
                    Assert.Null(FormToken.Verify(Key, Link, changed, Now, lifetime));
                }
            }
        }
    }
}
