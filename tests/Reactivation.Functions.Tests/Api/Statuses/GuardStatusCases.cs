using Microsoft.AspNetCore.Http;

namespace Reactivation.Functions.Tests.Api.Statuses;

/// <summary>
/// The answers the guards give any operation before its handler runs, from its route alone: no key, a body that is
/// not JSON or too large, and the public routes' rate limit.
/// </summary>
public static class GuardStatusCases
{
    /// <summary>The guard's case for <paramref name="status"/>, or null when the guards never answer it.</summary>
    public static StatusCase? For(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => (probe, row, ct) => ApiProbe.SendAsync(probe.Anonymous, row.Method, row.Fill(), ApiProbe.Json("{}"), ct),
        StatusCodes.Status413PayloadTooLarge => (probe, row, ct) => probe.DeclaringTooLargeAsync(row, ct),
        StatusCodes.Status415UnsupportedMediaType => (probe, row, ct) =>
            probe.AuthorizedAsync(row, new StringContent("not json", System.Text.Encoding.UTF8, "text/plain"), ct),
        StatusCodes.Status429TooManyRequests => LimitedAsync,
        _ => null,
    };

    // The limited app lets one request through per client, so the second (or any later) is refused.
    private static async Task<HttpResponseMessage> LimitedAsync(ApiProbe probe, ApiRow row, CancellationToken cancellationToken)
    {
        using var client = probe.Limited.ClientWith(null);
        (await ApiProbe.SendAsync(client, row.Method, row.Fill(), null, cancellationToken)).Dispose();
        return await ApiProbe.SendAsync(client, row.Method, row.Fill(), null, cancellationToken);
    }
}
