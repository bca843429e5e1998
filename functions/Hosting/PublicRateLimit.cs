using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Reactivation.Functions.Hosting;

/// <summary>The per-client token bucket in front of the public link endpoints, answering 429 with Retry-After.</summary>
public static class PublicRateLimit
{
    /// <summary>Registers the <see cref="RateLimitOptions.PublicPolicy"/> policy.</summary>
    public static void Configure(RateLimiterOptions limiter, RateLimitOptions options, AppMode mode)
    {
        limiter.AddPolicy(RateLimitOptions.PublicPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
            ClientOf(context, mode),
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.PublicBurst,
                // Refill once a second (or less often for slow rates) so the bucket's timer stays cheap at any rate.
                TokensPerPeriod = Math.Max(1, (options.PublicPerMinute + 59) / 60),
                ReplenishmentPeriod = options.PublicPerMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1) / options.PublicPerMinute,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var response = rejected.HttpContext.Response;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Results.Problem(
                title: "Too many requests.",
                detail: "This client has sent too many requests; try again after the time in Retry-After.",
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
        };
    }

    /// <summary>
    /// The client a request counts against. Behind the Functions host the connection comes from the host itself, so the
    /// client is the last X-Forwarded-For entry, the one Azure's front end appended (earlier entries are whatever the client
    /// claimed, and trusting them would let anyone pick their own bucket). Standalone, it is the connection's address.
    /// </summary>
    public static string ClientOf(HttpContext context, AppMode mode)
    {
        if (mode == AppMode.CustomHandler
            && context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is [.., var last]
            && IPAddress.TryParse(last.Split(':') is [var v4, _] && last.Count(c => c == ':') == 1 ? v4 : last, out var forwarded))
        {
            return forwarded.ToString();
        }

        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
