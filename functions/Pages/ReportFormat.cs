using System.Globalization;

namespace Reactivation.Functions.Pages;

/// <summary>
/// How the report's numbers read: invariant digits in both languages (a growth team compares them across locales),
/// and an em dash wherever a figure has no value (a zero denominator, or nothing measured yet).
/// </summary>
public static class ReportFormat
{
    /// <summary>What a missing figure shows.</summary>
    public const string Dash = "—";

    /// <summary>A count with thousands separators: 12,345.</summary>
    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A possibly fractional count (incremental returns): 12.3, or a dash.</summary>
    public static string Count(double? value) => Finite(value) is { } v ? v.ToString("#,0.#", CultureInfo.InvariantCulture) : Dash;

    /// <summary>A rate as a percentage with one decimal: 0.1234 reads 12.3%.</summary>
    public static string Percent(double? rate) =>
        Finite(rate) is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : Dash;

    /// <summary>An amount with two decimals, in the reporting currency (the report does not name it).</summary>
    public static string Money(double? amount) => Finite(amount) is { } v ? v.ToString("#,0.00", CultureInfo.InvariantCulture) : Dash;

    /// <summary>A difference of rates in percentage points, signed: 0.021 reads +2.1.</summary>
    public static string Points(double? difference) =>
        Finite(difference) is { } v ? (v * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : Dash;

    /// <summary>A p-value to three decimals, or "&lt; 0.001" below that (more digits promise precision the test does not have).</summary>
    public static string PValue(double? p) => Finite(p) switch
    {
        null => Dash,
        < 0.001 => "< 0.001",
        { } v => v.ToString("0.000", CultureInfo.InvariantCulture),
    };

    /// <summary>The rate <paramref name="part"/> ÷ <paramref name="whole"/>, or null when the whole is zero.</summary>
    public static double? Rate(long part, long whole) => whole > 0 ? (double)part / whole : null;

    /// <summary><paramref name="value"/> when it is a real number; NaN and infinities count as missing.</summary>
    public static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
