namespace Reactivation.Core.Activity;

/// <summary>The limits that activity validation enforces.</summary>
public sealed record ActivityValidationOptions
{
    /// <summary>The most events one batch may hold.</summary>
    /// <value>1,000.</value>
    public int MaxBatchSize { get; init; } = 1_000;

    /// <summary>How far in the future an event may claim to be, to absorb producers' clock skew.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The currency that spend is reported in.</summary>
    /// <value>CNY.</value>
    public string ReportingCurrency { get; init; } = "CNY";

    /// <summary>Fixed conversion rates into the reporting currency; a purchase in any other currency is rejected.</summary>
    /// <value>CNY 1, USD 7.2, EUR 7.8.</value>
    public IReadOnlyDictionary<string, decimal> CurrencyRates { get; init; } =
        new Dictionary<string, decimal>(StringComparer.Ordinal) { ["CNY"] = 1m, ["USD"] = 7.2m, ["EUR"] = 7.8m };

    /// <summary>The most properties one event may carry.</summary>
    /// <value>32.</value>
    public int MaxProperties { get; init; } = 32;
}
