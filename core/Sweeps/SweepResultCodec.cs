using System.Globalization;
using System.Text;
using Reactivation.Core.Silence;

namespace Reactivation.Core.Sweeps;

/// <summary>Packs sweep results into compact lines, so a page of a thousand results is one stored row, not a thousand.</summary>
/// <remarks>
/// Storage contract, version 1: one line per user, tab-separated:
/// <c>userId band tier cause warning(0|1) daysSilent loginDaysLast30 loginDaysPrevious30</c>, with the enums as their numbers.
/// </remarks>
public static class SweepResultCodec
{
    /// <summary>Encodes results as UTF-8 lines.</summary>
    public static byte[] Encode(IEnumerable<SweepResult> results)
    {
        var text = new StringBuilder();
        foreach (var r in results)
        {
            text.Append(r.UserId).Append('\t')
                .Append((int)r.Band).Append('\t')
                .Append((int)r.Tier).Append('\t')
                .Append((int)r.Cause).Append('\t')
                .Append(r.EarlyWarning ? '1' : '0').Append('\t')
                .Append(r.DaysSilent.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(r.LoginDaysLast30.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(r.LoginDaysPrevious30.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote.</summary>
    public static IEnumerable<SweepResult> Decode(byte[] packed)
    {
        var text = Encoding.UTF8.GetString(packed);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            if (f.Length != 8)
            {
                throw new FormatException($"a packed sweep result has {f.Length} fields, expected 8: '{line}'");
            }

            yield return new SweepResult(
                f[0],
                (DormancyBand)int.Parse(f[1], CultureInfo.InvariantCulture),
                (ValueTier)int.Parse(f[2], CultureInfo.InvariantCulture),
                (SilenceCause)int.Parse(f[3], CultureInfo.InvariantCulture),
                f[4] == "1",
                int.Parse(f[5], CultureInfo.InvariantCulture),
                int.Parse(f[6], CultureInfo.InvariantCulture),
                int.Parse(f[7], CultureInfo.InvariantCulture));
        }
    }
}
