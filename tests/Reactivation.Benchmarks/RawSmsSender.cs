using System.Globalization;
using System.Net;
using System.Text.Json;
using Reactivation.Infra.Messaging;

namespace Reactivation.Benchmarks;

/// <summary>
/// The send benchmark's raw baseline: an SMS request body serialised, signed with the product's signer, POSTed with a
/// plain <see cref="HttpClient"/> and its answer read; no rendering, no storage, no result handling.
/// </summary>
/// <param name="http">The client, shared by every send.</param>
/// <param name="connection">The fake's endpoint and access key.</param>
/// <param name="from">The sending number.</param>
/// <param name="text">The rendered message, the same for every recipient.</param>
public sealed class RawSmsSender(HttpClient http, AcsConnectionString connection, string from, string text)
{
    private readonly Uri _uri = new(connection.Endpoint, $"/sms?api-version={AcsChannel.SmsApiVersion}");

    /// <summary>The request body, in the shape the product's channel sends.</summary>
    /// <param name="to">The recipient.</param>
    /// <param name="repeatabilityKey">The key the repeatability id is derived from (the product uses the send key).</param>
    /// <param name="tag">The delivery-report tag (the product uses the send key).</param>
    /// <param name="firstAttemptAt">The repeatability first-sent time.</param>
    public byte[] Body(string to, string repeatabilityKey, string tag, DateTimeOffset firstAttemptAt) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        from,
        smsRecipients = new[]
        {
            new
            {
                to,
                repeatabilityRequestId = DeterministicGuid.From(repeatabilityKey).ToString(),
                repeatabilityFirstSent = firstAttemptAt.UtcDateTime.ToString("r", CultureInfo.InvariantCulture),
            },
        },
        message = text,
        smsSendOptions = new { enableDeliveryReport = true, tag },
    });

    /// <summary>Posts one SMS request; throws unless the fake accepted it.</summary>
    /// <exception cref="InvalidOperationException">The fake answered anything but 202.</exception>
    public async ValueTask SendAsync(string to, string repeatabilityKey, string tag, DateTimeOffset firstAttemptAt, CancellationToken cancellationToken)
    {
        var body = Body(to, repeatabilityKey, tag, firstAttemptAt);
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } } };
        AcsRequestSigner.Sign(request, body, connection.AccessKey!, TimeProvider.System.GetUtcNow());
        using var response = await http.SendAsync(request, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"the fake answered the raw POST {(int)response.StatusCode}: {answer}");
        }
    }
}
