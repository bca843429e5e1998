using System.Globalization;
using Reactivation.Infra.Sweeps;

namespace Reactivation.Functions.Api;

/// <summary><c>GET /api/sweeps/{date}</c>: a day's sweep summary.</summary>
public static class SweepsApi
{
    /// <summary>The summary for <paramref name="date"/> (yyyy-MM-dd).</summary>
    public static async Task<IResult> GetAsync(string date, SweepStore store, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return Problems.Invalid("The date must be yyyy-MM-dd.", [new Core.Activity.ValidationProblem("/date", $"'{date}' is not a date like 2026-11-22")]);
        }

        var summary = await store.GetSummaryAsync(day, cancellationToken).ConfigureAwait(false);
        return summary is null ? Problems.NotFound($"No sweep ran on {day:yyyy-MM-dd}.") : TypedResults.Ok(SweepView.Of(summary));
    }
}
