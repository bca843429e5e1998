using Reactivation.Core.Offers;
using Reactivation.Infra.Offers;
using Xunit;

namespace Reactivation.Functions.Tests.Offers;

/// <summary>
/// The coupon secret a deployment derives from its storage account key, against known answers. The secret keys every
/// coupon code and, through the derived link key, every link of a deployment without configured keys; a drift would
/// change the codes of retried sends and break every link already sent.
/// </summary>
/// <remarks>
/// Computed once with <see cref="CouponSecrets.FromStorageKey"/> and checked against an independent derivation outside
/// .NET: lower-case hex of HMAC-SHA256 of <c>reactivation coupon codes v1</c> under the UTF-8 of the account key as written.
/// </remarks>
public sealed class CouponSecretsKnownAnswerTests
{
    // A made-up account key (Base64 of an ASCII sentence), never a real one.
    private const string AccountKey = "c2VjcmV0LXN0b3JhZ2Uta2V5LWZvci10ZXN0cy1vbmx5LTAxMjM0NTY3ODk=";
    private const string AzuriteSecret = "ed50667034c3680abc6bdeb62e97ca44f0329abaedb9b988099dfddc9d1be02d";

    [Theory]
    [InlineData("UseDevelopmentStorage=true", AzuriteSecret)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;", AzuriteSecret)]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=reactivation;AccountKey=" + AccountKey + ";EndpointSuffix=core.windows.net",
        "83ff53e9c533d740ad972df7e8ed7753c94cb1f04c637156c736736c495a9739")]
    [InlineData("accountkey=" + AccountKey + ";AccountName=reactivation", "83ff53e9c533d740ad972df7e8ed7753c94cb1f04c637156c736736c495a9739")]
    public void The_secret_derived_from_these_storage_connection_strings_never_changes(string connectionString, string expected) =>
        Assert.Equal(expected, CouponSecrets.FromStorageKey(connectionString));

    [Theory]
    [InlineData("AccountName=reactivation;TableEndpoint=https://reactivation.table.core.windows.net/")]
    [InlineData("AccountKey=;AccountName=reactivation")]
    [InlineData("")]
    [InlineData(null)]
    public void A_connection_string_without_an_account_key_derives_no_secret(string? connectionString) =>
        Assert.Null(CouponSecrets.FromStorageKey(connectionString));

    [Fact]
    public void A_local_run_on_the_development_storage_keeps_its_coupon_codes()
    {
        var options = new OfferOptions { CouponSecret = CouponSecrets.FromStorageKey("UseDevelopmentStorage=true")! };

        Assert.Equal("R20-A2Q9HVR5WM", CouponCode.Create(options.SecretKey, "standard~u0000001~1~gift-sms~1", "R20"));
    }
}
