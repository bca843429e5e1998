using System.Text;

namespace Reactivation.Core.Journeys;

/// <summary>A hash that is the same on every machine and every run, for assignments that must never change (splits, holdout).</summary>
public static class StableHash
{
    /// <summary>FNV-1a 64 over the UTF-8 parts, separated so ("ab","c") and ("a","bc") differ.</summary>
    public static ulong Of(params ReadOnlySpan<string> parts)
    {
        var hash = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetByteCount(part) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(part, buffer)] : Encoding.UTF8.GetBytes(part);
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            hash = (hash ^ 0x1F) * 1099511628211UL;
        }

        // FNV's low bits mix poorly for short keys; a final avalanche spreads them before the caller takes a modulus.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }

    /// <summary>A bucket from 0 to 9999 (basis points) for the parts.</summary>
    public static int BasisPoints(params ReadOnlySpan<string> parts) => (int)(Of(parts) % 10_000);
}
