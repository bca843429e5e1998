using System.Net;
using System.Text;
using Azure.Core;

namespace Reactivation.Infra.Messaging;

/// <summary>
/// Authenticated calls to Communication Services (HMAC-SHA256 with the access key, or an Entra ID bearer token when the
/// connection string has no key), waiting out a 429 or 503's Retry-After while it is short.
/// </summary>
public sealed class AcsHttp(HttpClient http, AcsConnectionString connection, AcsOptions options, TimeProvider clock, TokenCredential? credential = null)
{
    /// <summary>The Entra ID scope every ACS SDK asks for (the double slash is theirs).</summary>
    public const string Scope = "https://communication.azure.com//.default";

    /// <summary>How many times one call is tried when the service answers 429 or 503 with a short Retry-After.</summary>
    public const int MaxTries = 3;

    /// <summary>Sends <paramref name="body"/> (JSON, or nothing) to <paramref name="pathAndQuery"/>, signing every try.</summary>
    /// <returns>The final response (a 429 or 503 whose Retry-After was too long to wait, or after the last try, comes back as is).</returns>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, string? body, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
            using var request = new HttpRequestMessage(method, new Uri(connection.Endpoint, pathAndQuery));
            if (body is not null)
            {
                request.Content = new ByteArrayContent(bytes) { Headers = { { "Content-Type", "application/json" } } };
            }

            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (connection.AccessKey is { } key)
            {
                AcsRequestSigner.Sign(request, bytes, key, WireClock.UtcNow);
            }
            else
            {
                var token = await (credential ?? throw new InvalidOperationException("ACS has no access key and no token credential"))
                    .GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
            }

            var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || attempt == MaxTries)
            {
                return response;
            }

            var wait = RetryAfter(response) ?? TimeSpan.FromSeconds(1);
            if (wait > options.MaxInlineRetryAfter)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The Retry-After of <paramref name="response"/>, if it gave one.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (response.Headers.TryGetValues("retry-after", out var values) && int.TryParse(values.FirstOrDefault(), out var seconds) ? TimeSpan.FromSeconds(seconds) : null);
}
