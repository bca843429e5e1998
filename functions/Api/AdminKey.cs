using System.Security.Cryptography;
using System.Text;
using Reactivation.Functions.Hosting;

namespace Reactivation.Functions.Api;

/// <summary>The management endpoints' key check: <c>x-functions-key</c> header or <c>code</c> query, compared in constant time.</summary>
/// <remarks>The same check runs in both modes; in Azure the functions are anonymous to the host so that this one key governs them.</remarks>
public static class AdminKey
{
    /// <summary>The header carrying the key, as Azure Functions names it.</summary>
    public const string Header = "x-functions-key";

    /// <summary>An endpoint filter answering 401 unless the request carries the configured key.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var configured = http.RequestServices.GetRequiredService<AdminOptions>().Key;
        var presented = http.Request.Headers[Header].FirstOrDefault() ?? http.Request.Query["code"].FirstOrDefault();
        if (configured.Length == 0)
        {
            return Results.Problem(title: "Management is closed.", detail: "No admin key is configured (set Admin:Key).", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (presented is null || !Matches(configured, presented))
        {
            return Results.Problem(title: "Unauthorized.", detail: $"Present the admin key in the {Header} header.", statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>Constant-time comparison (hashing first makes the lengths equal, so the length does not leak either).</summary>
    public static bool Matches(string configured, string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
