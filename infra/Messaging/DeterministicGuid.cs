using System.Security.Cryptography;
using System.Text;

namespace Reactivation.Infra.Messaging;

/// <summary>A GUID derived from a send key, so every retry of a send carries the same repeatability or operation id.</summary>
public static class DeterministicGuid
{
    /// <summary>A version-8 (name-based, custom hash) GUID from the SHA-256 of <paramref name="name"/>.</summary>
    public static Guid From(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
