using Reactivation.Functions.Pages;
using Reactivation.Infra.Tracking;

namespace Reactivation.Functions.Api;

/// <summary>
/// <c>GET|HEAD /r/{token}</c>: the click-back. A good token is recorded and answered with a 302 to its destination plus
/// UTM parameters; HEAD gets the same answer (it is recorded as a scanner's). Any refused token gets the friendly
/// not-valid page, 404, and nothing is written.
/// </summary>
public static class ClickApi
{
    /// <summary>Follows the link.</summary>
    public static async Task<IResult> FollowAsync(string token, HttpContext context, ClickBack clicks, CancellationToken cancellationToken)
    {
        var headers = context.Request.Headers;
        var purpose = headers["Sec-Purpose"].ToString() is { Length: > 0 } secPurpose ? secPurpose : headers["Purpose"].ToString();
        var outcome = await clicks.FollowAsync(token, context.Request.Method, headers.UserAgent.ToString(), purpose.Length > 0 ? purpose : null, cancellationToken)
            .ConfigureAwait(false);
        if (outcome.Location is null)
        {
            return PublicPage.LinkNotValid(context);
        }

        // Not cached, so every click reaches us; no Referer, so the token does not travel on to the destination.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        return Results.Redirect(outcome.Location);
    }
}
