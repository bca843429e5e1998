using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Azure.Data.Tables;
using Reactivation.Core.Profiles;

namespace Reactivation.Infra.Storage;

/// <summary>Maps <see cref="UserProfile"/> to and from its table row.</summary>
/// <remarks>
/// Storage contract, version 1: in the shard's profile table, PartitionKey = user id, RowKey = <see cref="RowKey"/>.
/// One partition per user keeps point reads and conditional writes independent of shard size (the emulator, in
/// particular, scans a whole partition to find one row). Property names below are stored; add
/// properties, never rename. Times are stored as DateTimeOffset, spend as a string (Table has no decimal type), the day
/// bitmaps as two Int64 halves, and the purchase-id set as up to 15 binary parts of at most 64 KiB.
/// </remarks>
public static class ProfileEntity
{
    /// <summary>The properties the sweep needs: everything except the purchase-id set and contact points.</summary>
    public static readonly IReadOnlyList<string> SweepColumns =
    [
        "PartitionKey", "FirstSeenAt", "LastLoginAt", "LastPurchaseAt", "LastInteractionAt", "LastSessionAt", "LastActivityAt",
        "LastLoginFailureAt", "LastComplaintAt", "LastServiceContactAt", "PurchaseCount", "TotalSpend",
        "LoginAnchor", "LoginHi", "LoginLo", "ComplaintAnchor", "ComplaintHi", "ComplaintLo",
    ];

    private const int PurchaseIdsPerPart = 8_000;
    private const int MaxPurchaseIdParts = 15;

    /// <summary>The row key of every profile row.</summary>
    public const string RowKey = "profile";

    /// <summary>The property holding <see cref="UserProfile.EverEnrolled"/> (absent when unknown).</summary>
    public const string EverEnrolled = nameof(UserProfile.EverEnrolled);

    /// <summary>
    /// Whether <paramref name="entity"/> holds nothing but the enrollment marker: the row enrollment leaves for a user
    /// whose journey was started by hand before anything was known of them, which readers take as no profile.
    /// </summary>
    public static bool IsMarkerOnly(TableEntity entity) =>
        entity.Keys.All(key => key is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" or EverEnrolled);

    /// <summary>Builds the row for <paramref name="profile"/>.</summary>
    public static TableEntity ToEntity(UserProfile profile)
    {
        var e = new TableEntity(profile.UserId, RowKey)
        {
            ["Phone"] = profile.Contact.Phone,
            ["Email"] = profile.Contact.Email,
            ["TimeZone"] = profile.Contact.TimeZone,
            ["Locale"] = profile.Contact.Locale,
            ["Region"] = profile.Contact.Region,
            ["RegisteredAt"] = profile.RegisteredAt,
            ["FirstSeenAt"] = profile.FirstSeenAt,
            ["LastLoginAt"] = profile.LastLoginAt,
            ["LastPurchaseAt"] = profile.LastPurchaseAt,
            ["LastInteractionAt"] = profile.LastInteractionAt,
            ["LastSessionAt"] = profile.LastSessionAt,
            ["LastActivityAt"] = profile.LastActivityAt,
            ["LastLoginFailureAt"] = profile.LastLoginFailureAt,
            ["LastComplaintAt"] = profile.LastComplaintAt,
            ["LastServiceContactAt"] = profile.LastServiceContactAt,
            ["PurchaseCount"] = profile.PurchaseCount,
            ["TotalSpend"] = profile.TotalSpend.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [EverEnrolled] = profile.EverEnrolled,
        };
        WriteBitmap(e, "Login", profile.LoginDays);
        WriteBitmap(e, "Complaint", profile.ComplaintDays);
        WritePurchaseIds(e, profile.PurchaseIds);
        return e;
    }

    /// <summary>Reads a row back; tolerates rows read with <see cref="SweepColumns"/> only.</summary>
    public static UserProfile FromEntity(TableEntity e) => new()
    {
        UserId = e.PartitionKey,
        Contact = new ContactPoints(e.GetString("Phone"), e.GetString("Email"), e.GetString("TimeZone"), e.GetString("Locale"), e.GetString("Region")),
        RegisteredAt = e.GetDateTimeOffset("RegisteredAt"),
        FirstSeenAt = e.GetDateTimeOffset("FirstSeenAt"),
        LastLoginAt = e.GetDateTimeOffset("LastLoginAt"),
        LastPurchaseAt = e.GetDateTimeOffset("LastPurchaseAt"),
        LastInteractionAt = e.GetDateTimeOffset("LastInteractionAt"),
        LastSessionAt = e.GetDateTimeOffset("LastSessionAt"),
        LastActivityAt = e.GetDateTimeOffset("LastActivityAt"),
        LastLoginFailureAt = e.GetDateTimeOffset("LastLoginFailureAt"),
        LastComplaintAt = e.GetDateTimeOffset("LastComplaintAt"),
        LastServiceContactAt = e.GetDateTimeOffset("LastServiceContactAt"),
        PurchaseCount = e.GetInt32("PurchaseCount") ?? 0,
        TotalSpend = decimal.Parse(e.GetString("TotalSpend") ?? "0", System.Globalization.CultureInfo.InvariantCulture),
        LoginDays = ReadBitmap(e, "Login"),
        ComplaintDays = ReadBitmap(e, "Complaint"),
        PurchaseIds = ReadPurchaseIds(e),
        EverEnrolled = e.GetBoolean(EverEnrolled),
    };

    private static void WriteBitmap(TableEntity e, string name, DayBitmap bitmap)
    {
        e[name + "Anchor"] = bitmap.AnchorDay;
        e[name + "Hi"] = unchecked((long)(ulong)(bitmap.Bits >> 64));
        e[name + "Lo"] = unchecked((long)(ulong)bitmap.Bits);
    }

    private static DayBitmap ReadBitmap(TableEntity e, string name)
    {
        var hi = unchecked((ulong)(e.GetInt64(name + "Hi") ?? 0));
        var lo = unchecked((ulong)(e.GetInt64(name + "Lo") ?? 0));
        return new DayBitmap(e.GetInt32(name + "Anchor") ?? 0, new UInt128(hi, lo));
    }

    private static void WritePurchaseIds(TableEntity e, ImmutableArray<ulong> ids)
    {
        var parts = (ids.Length + PurchaseIdsPerPart - 1) / PurchaseIdsPerPart;
        if (parts > MaxPurchaseIdParts)
        {
            throw new InvalidOperationException(
                $"user '{e.PartitionKey}' has {ids.Length} distinct purchases; the profile row holds at most {MaxPurchaseIdParts * PurchaseIdsPerPart}");
        }

        for (var part = 0; part < MaxPurchaseIdParts; part++)
        {
            var slice = ids.AsSpan().Slice(Math.Min(part * PurchaseIdsPerPart, ids.Length));
            slice = slice[..Math.Min(slice.Length, PurchaseIdsPerPart)];
            e[$"PurchaseIds{part}"] = part < parts ? MemoryMarshal.AsBytes(slice).ToArray() : null;
        }
    }

    private static ImmutableArray<ulong> ReadPurchaseIds(TableEntity e)
    {
        var builder = ImmutableArray.CreateBuilder<ulong>();
        for (var part = 0; part < MaxPurchaseIdParts && e.GetBinary($"PurchaseIds{part}") is { } bytes; part++)
        {
            builder.AddRange(MemoryMarshal.Cast<byte, ulong>(bytes));
        }

        return builder.ToImmutable();
    }
}
