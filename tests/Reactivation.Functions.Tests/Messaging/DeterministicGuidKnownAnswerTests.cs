using Reactivation.Infra.Messaging;
using Xunit;

namespace Reactivation.Functions.Tests.Messaging;

/// <summary>
/// The GUID a send key becomes (the SMS <c>repeatabilityRequestId</c> and the email <c>Operation-Id</c>) against known
/// answers. A retry after a deploy must carry the id its first attempt carried, or ACS takes it for a new message and
/// sends it again; so these values are storage contracts, never to be edited to make a test pass.
/// </summary>
/// <remarks>
/// Computed once with <see cref="DeterministicGuid.From"/> and checked against an independent derivation outside .NET
/// (the first 16 bytes of SHA-256 of the UTF-8 key, version nibble 8, RFC 4122 variant, read big-endian).
/// </remarks>
public sealed class DeterministicGuidKnownAnswerTests
{
    /// <summary>Send keys and their ids, including Chinese ids, a precomposed é and a character outside the BMP.</summary>
    public static TheoryData<string, string> SendKeys => new()
    {
        { "probe~u1~1~sms~1", "b6a478ea-3c22-8e1e-a1c8-3eee12f8d5d1" },
        { "probe~acs-user~1~sms~1", "70219aef-da92-83a6-905e-5546278d955e" },
        { "probe~acs-user~1~email~1", "54b185a8-3a95-8c95-8c52-173236285db1" },
        { "standard~u0000042~1~gift-sms~1", "711d34b2-1166-8b81-a779-938ffef36f97" },
        { "coupon-3-6m~u42~2~email~3", "77d46637-676c-8d3f-ba02-02f118db5720" },
        { "vip~用户42~1~短信~1", "e510b122-1326-8b03-9959-becb8d3591db" },
        { "standard~jos\u00e9~1~sms~1", "290a0bee-e81a-8843-b751-836a865981f8" },
        { "care~u7~1~push~1~\U0001F381", "e7c423dd-f087-85e0-aaaf-7bb05cc9ecf7" },
        { "a", "ca978112-ca1b-8dca-bac2-31b39a23dc4d" },
    };

    [Theory]
    [MemberData(nameof(SendKeys))]
    public void Repeatability_ids_for_these_send_keys_never_change(string sendKey, string expected) =>
        Assert.Equal(expected, DeterministicGuid.From(sendKey).ToString());

    [Theory]
    [MemberData(nameof(SendKeys))]
    public void Every_id_is_a_version_8_guid_of_the_rfc_variant(string sendKey, string expected)
    {
        var id = DeterministicGuid.From(sendKey);

        Assert.Equal((8, 0b10), (id.Version, id.Variant >> 2));
        Assert.Equal(expected, id.ToString("D"));
    }
}
