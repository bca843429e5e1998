using System.Globalization;
using Reactivation.Core.Activity;
using Reactivation.Core.Measurement;

namespace Reactivation.Functions.Api;

/// <summary><c>GET /api/experiments/samplesize</c>: users per arm to detect an effect on a return rate.</summary>
public static class SampleSizeApi
{
    /// <summary>
    /// <c>?baseline=0.042&amp;lift=0.15</c> (relative) or <c>&amp;absolute=0.01</c>, optional <c>alpha</c> (0.05) and
    /// <c>power</c> (0.8): 200 with the size per arm, or 400 with every problem located.
    /// </summary>
    public static IResult Get(HttpRequest request)
    {
        var query = request.Query;
        var problems = new List<ValidationProblem>();
        double Read(string name, double? fallback)
        {
            var text = query[name].ToString();
            if (text.Length == 0 && fallback is { } value)
            {
                return value;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed))
            {
                problems.Add(new ValidationProblem($"/{name}", text.Length == 0 ? $"{name} is required" : $"{name} '{text}' is not a number"));
                return double.NaN;
            }

            return parsed;
        }

        var baseline = Read("baseline", null);
        var relative = query.ContainsKey("lift");
        if (relative == query.ContainsKey("absolute"))
        {
            problems.Add(new ValidationProblem("/lift", "give the effect as lift (relative, 0.15 for +15%) or absolute (0.01 for +1 point), not both or neither"));
        }

        var effect = relative ? Read("lift", null) : query.ContainsKey("absolute") ? Read("absolute", null) : double.NaN;
        var alpha = Read("alpha", 0.05);
        var power = Read("power", 0.8);
        if (problems.Count > 0)
        {
            return Problems.Invalid("The sample-size request is invalid.", problems);
        }

        var (perArm, treated, invalid) = SampleSize.PerArm(baseline, effect, relative, alpha, power);
        return perArm is { } n
            ? TypedResults.Ok(new SampleSizeAnswer(baseline, treated, effect, relative, alpha, power, n, 2 * n))
            : Problems.Invalid("The sample-size request is invalid.", invalid.Select(p => new ValidationProblem("", p)).ToList());
    }
}

/// <summary>The answer of <c>GET /api/experiments/samplesize</c>.</summary>
/// <param name="Baseline">The untreated return rate.</param>
/// <param name="Treated">The treated rate the effect implies.</param>
/// <param name="Effect">The effect as given.</param>
/// <param name="Relative">True when the effect is a relative lift, false when absolute.</param>
/// <param name="Alpha">The significance level.</param>
/// <param name="Power">The power.</param>
/// <param name="PerArm">Users needed in each arm.</param>
/// <param name="Total">Users needed in all.</param>
public sealed record SampleSizeAnswer(double Baseline, double Treated, double Effect, bool Relative, double Alpha, double Power, long PerArm, long Total);
