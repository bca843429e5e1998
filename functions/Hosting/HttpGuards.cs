namespace Reactivation.Functions.Hosting;

/// <summary>
/// What every HTTP function checks before its handler runs, the same in the local host (an endpoint filter) and in the
/// worker (a middleware): the public rate limit, the key its <see cref="FunctionAccess"/> asks for, and a JSON body where
/// an API takes one. A refusal writes nothing.
/// </summary>
public static class HttpGuards
{
    /// <summary>The refusal for <paramref name="http"/> calling <paramref name="function"/>, or null to let it through.</summary>
    public static IResult? Refusal(HttpContext http, AppFunction function)
    {
        if (function.Access == FunctionAccess.Public)
        {
            return http.RequestServices.GetRequiredService<PublicRateLimit>().Refusal(http);
        }

        return ApiKeys.Refusal(http, function.Access)
            ?? (TakesJsonBody(function) && RequestGuards.BodyIsNotJson(http.Request) ? RequestGuards.UnsupportedMediaType(http.Request) : null)
            ?? (http.Request.ContentLength > RequestGuards.MaxBodyBytes ? RequestGuards.TooLarge() : null);
    }

    /// <summary>True for the API routes that change things: they take JSON (the public pages take forms).</summary>
    public static bool TakesJsonBody(AppFunction function) => !function.AtRoot && function.Methods.Any(m => m is "post" or "put" or "patch");
}
