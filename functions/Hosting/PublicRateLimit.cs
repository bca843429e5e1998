using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;

namespace Reactivation.Functions.Hosting;

/// <summary>The per-client token bucket in front of the public link endpoints, answering 429 with Retry-After, in both hosts.</summary>
/// <param name="options">The bucket's size and refill.</param>
/// <param name="behindFrontEnd">True under the Functions host, where the client is the front end's last X-Forwarded-For entry.</param>
public sealed class PublicRateLimit(RateLimitOptions options, bool behindFrontEnd) : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetTokenBucketLimiter(
        ClientOf(context, behindFrontEnd),
        _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.PublicBurst,
            // Refill once a second (or less often for slow rates) so the bucket's timer stays cheap at any rate.
            TokensPerPeriod = Math.Max(1, (options.PublicPerMinute + 59) / 60),
            ReplenishmentPeriod = options.PublicPerMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1) / options.PublicPerMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>The 429 for a client over its limit, or null to let the request through (taking one token).</summary>
    public IResult? Refusal(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(context);
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return new TooManyRequests(Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)));
    }

    /// <summary>The client <paramref name="context"/> counts against in this host.</summary>
    public string ClientOf(HttpContext context) => ClientOf(context, behindFrontEnd);

    /// <summary>
    /// The client a request counts against. Behind the Functions host the connection comes from the host itself, so the
    /// client is the last X-Forwarded-For entry, the one Azure's front end appended (earlier entries are whatever the client
    /// claimed, and trusting them would let anyone pick their own bucket). Standalone, it is the connection's address.
    /// </summary>
    public static string ClientOf(HttpContext context, bool behindFrontEnd)
    {
        if (behindFrontEnd
            && context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is [.., var last]
            && IPAddress.TryParse(last.Split(':') is [var v4, _] && last.Count(c => c == ':') == 1 ? v4 : last, out var forwarded))
        {
            return forwarded.ToString();
        }

        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();

    private sealed class TooManyRequests(int retryAfterSeconds) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status429TooManyRequests;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Problem(
                title: "Too many requests.",
                detail: "This client has sent too many requests; try again after the time in Retry-After.",
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(httpContext);
        }
    }
}
