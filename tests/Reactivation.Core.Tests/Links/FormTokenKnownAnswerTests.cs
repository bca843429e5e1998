using System.Text;
using Reactivation.Core.Links;

namespace Reactivation.Core.Tests.Links;

/// <summary>
/// Form keys and form tokens from fixed inputs against known answers. A form rendered by one instance is posted to
/// another, possibly after a deploy, so the derivation and the MAC must not drift between versions.
/// </summary>
/// <remarks>
/// Computed once with <see cref="FormToken"/> and checked against an independent derivation outside .NET: the form key is
/// HMAC-SHA256 of <c>link form anti-forgery v1</c> under the link key, and the token is
/// <c>{issued}.{nonce}.{hex HMAC-SHA256 of "link\nissued\nnonce" under the form key}</c>.
/// </remarks>
public sealed class FormTokenKnownAnswerTests
{
    private const string K1 = "0123456789abcdef0123456789abcdef";
    private const string K2 = "fedcba9876543210fedcba9876543210";
    private const string PreferenceLink = "k2.AXAAAAAAbUFS4HByb2JlfmFjcy11c2VyfjF-ZW1haWx-MR8.xQ_ODZMfvrhI6qmDEGNmCw";
    private static readonly DateTimeOffset Issued = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(K1, "020e8ab135cb041db00b79c836bdc893dd643e6c10b17c7650c4a1e882c5fcd8")]
    [InlineData(K2, "77051ca65087860364edb71cd3e82f8bfb62591930851a33d81234a80170b084")]
    public void The_form_key_derived_from_these_link_keys_never_changes(string linkKey, string expectedHex) =>
        Assert.Equal(expectedHex, Convert.ToHexStringLower(FormToken.DeriveKey(Encoding.ASCII.GetBytes(linkKey))));

    [Theory]
    [InlineData(K2, PreferenceLink, "00112233445566778899aabbccddeeff",
        "1795845600.00112233445566778899aabbccddeeff.4fd7b953953f25ad6e5ddd008064bc2ad34dd6f6244e6989500dd95a3622a37c")]
    [InlineData(K2, PreferenceLink, "ffeeddccbbaa99887766554433221100",
        "1795845600.ffeeddccbbaa99887766554433221100.f09d972261e0b17251a3be0a2c815a92783c0bcecf84dd3b86a45203ed260486")]
    [InlineData(K1, "k1.payload.mac", "00112233445566778899aabbccddeeff",
        "1795845600.00112233445566778899aabbccddeeff.2e9f04ecd03c6bdb30da7941b278359bb20ad02b21f82650eab79bce8eebd8b4")]
    public void Form_tokens_for_these_links_nonces_and_times_never_change_and_still_verify(string linkKey, string link, string nonce, string expected)
    {
        var formKey = FormToken.DeriveKey(Encoding.ASCII.GetBytes(linkKey));

        Assert.Equal(expected, FormToken.Create(formKey, link, nonce, Issued));
        Assert.Equal(nonce, FormToken.Verify(formKey, link, expected, Issued.AddHours(1), TimeSpan.FromHours(24)));
    }
}
