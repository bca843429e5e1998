using Azure.Data.Tables;

namespace Reactivation.Infra.Storage;

/// <summary>Stores a byte payload larger than one property allows (64 KiB) across numbered binary properties.</summary>
public static class BinaryParts
{
    /// <summary>The most bytes one binary property holds.</summary>
    public const int PartSize = 64 * 1024;

    /// <summary>The most parts one row carries (the row itself is limited to 1 MiB).</summary>
    public const int MaxParts = 15;

    /// <summary>Writes <paramref name="payload"/> as <c>{name}0</c>, <c>{name}1</c>, …</summary>
    public static void Write(TableEntity entity, string name, byte[] payload)
    {
        var parts = (payload.Length + PartSize - 1) / PartSize;
        if (parts > MaxParts)
        {
            throw new InvalidOperationException($"{name} is {payload.Length} bytes; a row holds at most {MaxParts * PartSize}");
        }

        for (var part = 0; part < parts; part++)
        {
            var start = part * PartSize;
            entity[$"{name}{part}"] = payload[start..Math.Min(payload.Length, start + PartSize)];
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; empty when absent.</summary>
    public static byte[] Read(TableEntity entity, string name)
    {
        using var buffer = new MemoryStream();
        for (var part = 0; part < MaxParts && entity.GetBinary($"{name}{part}") is { } bytes; part++)
        {
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }
}
