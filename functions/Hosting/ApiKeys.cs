using System.Security.Cryptography;
using System.Text;
using Reactivation.Infra.Messaging;

namespace Reactivation.Functions.Hosting;

/// <summary>
/// The key check in front of every HTTP function that is not public by design, in both modes: the key each
/// <see cref="FunctionAccess"/> asks for, compared in constant time. A key that is not configured keeps its endpoints
/// closed, and the 401 says which setting opens them.
/// </summary>
/// <remarks>
/// The app checks these keys in both hosts. In Azure the host checks its own function keys first (the keyed routes are
/// declared <c>AuthorizationLevel.Function</c>), so an operator gives the host keys of the same values (README,
/// "Deployment"); the app's check is what tells the admin key from the ingestion key.
/// </remarks>
public static class ApiKeys
{
    /// <summary>The header carrying the admin or ingestion key, as Azure Functions names it (<c>?code=</c> works too).</summary>
    public const string Header = "x-functions-key";

    /// <summary>The shortest key accepted in any of the key settings.</summary>
    public const int MinimumLength = 16;

    /// <summary>The 401 problem for a request that does not carry the key <paramref name="access"/> asks for, or null to let it through.</summary>
    public static IResult? Refusal(HttpContext http, FunctionAccess access)
    {
        var services = http.RequestServices;
        var admin = services.GetRequiredService<AdminOptions>().Key;
        var (configured, setting, where) = access switch
        {
            FunctionAccess.Ingestion => (new[] { services.GetRequiredService<IngestionOptions>().Key, admin }, "Ingestion:Key", $"the ingestion key (Ingestion:Key) or the admin key in the {Header} header or as ?code="),
            FunctionAccess.EventGrid => (new[] { services.GetRequiredService<AcsOptions>().EventGridKey }, "Acs:EventGridKey", "the Event Grid key (Acs:EventGridKey) as ?key= in the subscription's URL"),
            _ => (new[] { admin }, "Admin:Key", $"the admin key (Admin:Key) in the {Header} header or as ?code="),
        };
        var keys = configured.Where(k => k.Length > 0).ToArray();
        if (keys.Length == 0)
        {
            return Results.Problem(
                title: "This endpoint is closed; nothing was written.", detail: $"No key is configured for it: set {setting} to open it.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var presented = access == FunctionAccess.EventGrid
            ? http.Request.Query["key"].FirstOrDefault()
            : http.Request.Headers[Header].FirstOrDefault() ?? http.Request.Query["code"].FirstOrDefault();

        // Every configured key is compared, matched or not, so the time taken does not say which one was close.
        var matched = false;
        foreach (var key in keys)
        {
            matched |= presented is not null && Matches(key, presented);
        }

        return matched
            ? null
            : Results.Problem(title: "Unauthorized; nothing was written.", detail: $"Present {where}.", statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>Constant-time comparison (hashing first makes the lengths equal, so the length does not leak either).</summary>
    public static bool Matches(string configured, string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
