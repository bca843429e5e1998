using System.Globalization;

namespace Reactivation.Core.Offers;

/// <summary>Money amounts (in the reporting currency) as text: in messages, in catalogues and in storage, where decimals have no column type.</summary>
public static class AmountText
{
    /// <summary>The most decimal places an amount may have: the fen, a hundredth of a yuan.</summary>
    public const int MaxDecimals = 2;

    /// <summary>Writes <paramref name="amount"/> with invariant digits and no trailing zeros (<c>20</c>, <c>19.9</c>).</summary>
    public static string Format(decimal amount) => amount.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>Reads an amount written by <see cref="Format"/>.</summary>
    public static bool TryParse(string? text, out decimal amount) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);

    /// <summary>True when <paramref name="amount"/> has at most <see cref="MaxDecimals"/> decimal places.</summary>
    public static bool HasAtMostTwoDecimals(decimal amount) => decimal.Round(amount, MaxDecimals) == amount;
}
