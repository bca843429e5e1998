using System.Security.Cryptography;
using System.Text;

namespace Reactivation.Infra.Offers;

/// <summary>A coupon secret for deployments that did not set one: derived from the storage account key they already keep secret.</summary>
/// <remarks>
/// Each deployment then gets its own stable secret with nothing more to configure, and it is never the storage key itself
/// (an HMAC of a fixed label under it). A connection string with no account key (managed identity) derives nothing, and
/// <c>Offers:CouponSecret</c> must then be set.
/// </remarks>
public static class CouponSecrets
{
    private const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The derived secret, or null when <paramref name="connectionString"/> carries no account key.</summary>
    public static string? FromStorageKey(string? connectionString)
    {
        if ((connectionString ?? "").Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            // Azurite's published development key: fine for a local run, which is the only place this shorthand works.
            connectionString = "AccountKey=" + AzuriteAccountKey;
        }

        var key = (connectionString ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .FirstOrDefault(kv => kv.Length == 2 && kv[0].Equals("AccountKey", StringComparison.OrdinalIgnoreCase))?[1];
        return string.IsNullOrEmpty(key)
            ? null
            : Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), "reactivation coupon codes v1"u8));
    }
}
