using System.Text;
using Reactivation.Infra.Messaging;
using Xunit;

namespace Reactivation.Functions.Tests.Messaging;

/// <summary>The HMAC scheme against known answers (computed outside .NET for these inputs).</summary>
public sealed class AcsRequestSignerTests
{
    private const string Date = "Mon, 23 Nov 2026 02:00:00 GMT";

    [Fact]
    public void The_string_to_sign_and_signature_of_a_fixed_request_match_the_known_answer()
    {
        var hash = AcsRequestSigner.ContentHash(Encoding.UTF8.GetBytes("""{"a":1}"""));
        var toSign = AcsRequestSigner.StringToSign("post", "/emails:send?api-version=2023-03-31", Date, "contoso.communication.azure.com", hash);

        Assert.Equal("AVq9f1zFei3ZS3WQ8ErYCEJzkF7jPsXOvq5iJ2qX+GI=", hash);
        Assert.Equal($"POST\n/emails:send?api-version=2023-03-31\n{Date};contoso.communication.azure.com;{hash}", toSign);
        Assert.Equal("L2YtSHu7+jTWjK4JtPzkrHaP2Nydf3/Wk9c97CWHVlk=", AcsRequestSigner.Signature(Encoding.ASCII.GetBytes("secret-key-0123456789"), toSign));
        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", AcsRequestSigner.ContentHash([]));
    }

    [Fact]
    public void Signing_sets_the_date_hash_and_authorization_headers_with_the_port_in_the_host()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:8443/emails/operations/abc?api-version=2023-03-31");

        AcsRequestSigner.Sign(request, [], Encoding.ASCII.GetBytes("secret-key-0123456789"), new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

        var expected = AcsRequestSigner.Signature(Encoding.ASCII.GetBytes("secret-key-0123456789"),
            $"GET\n/emails/operations/abc?api-version=2023-03-31\n{Date};127.0.0.1:8443;47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        Assert.Equal(Date, request.Headers.GetValues("x-ms-date").Single());
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={expected}", request.Headers.GetValues("Authorization").Single());
    }

    [Theory]
    [InlineData("endpoint=https://x.communication.azure.com/;accesskey=c2VjcmV0", null)]
    [InlineData("accesskey=c2VjcmV0", "endpoint")]
    [InlineData("endpoint=https://x.communication.azure.com/;accesskey=not base64!", "base64")]
    public void A_connection_string_is_parsed_or_refused_with_the_reason(string text, string? problemMentions)
    {
        var parsed = AcsConnectionString.TryParse(text, out var problem);

        if (problemMentions is null)
        {
            Assert.Equal(("https://x.communication.azure.com/", "secret"), (parsed!.Endpoint.ToString(), Encoding.ASCII.GetString(parsed.AccessKey!)));
        }
        else
        {
            Assert.Null(parsed);
            Assert.Contains(problemMentions, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_connection_string_without_a_key_means_entra_id_authentication()
    {
        var parsed = AcsConnectionString.TryParse("endpoint=https://x.communication.azure.com/", out var problem);

        Assert.Null(problem);
        Assert.Equal(("https://x.communication.azure.com/", (byte[]?)null), (parsed!.Endpoint.ToString(), parsed.AccessKey));
    }
}
