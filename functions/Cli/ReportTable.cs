using System.Globalization;
using Reactivation.Core.Measurement;

namespace Reactivation.Functions.Cli;

/// <summary>A journey report as plain-text tables: what the <c>report</c> verb and the demo print.</summary>
public static class ReportTable
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(JourneyReport report, TextWriter output, CancellationToken cancellationToken)
    {
        var lines = new List<string>
        {
            $"Journey {report.JourneyId}{(report.Name is null ? "" : $" ({report.Name})")}: {report.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no data yet"}"
                + $"{(report.To is { } to ? $" to {to:yyyy-MM-dd}" : "")}, returns counted within {report.ReturnWindowDays} days of enrollment",
        };
        lines.AddRange(report.Warnings.Select(w => "  ! " + w));
        lines.Add("");
        lines.Add("  Funnel: " + string.Join("  >  ", report.Funnel.Select(f => $"{f.Stage} {f.Users:N0}")));
        var k = report.Kpis;
        lines.Add($"  Activation rate (returned / reached) {Percent(k.ActivationRate)} (target {Percent(k.ActivationTarget)})   "
            + $"wake rate (returned / all silent) {Percent(k.WakeRate)}   cost per reactivation {Money(k.CostPerReactivation)}");
        lines.Add($"  Re-silent within 30 days of a return {Percent(k.ReSilenceRate)} (of {k.ReturnsMatured30:N0} returns 30+ days old)   "
            + "spend per returned user after / before: " + string.Join("  ", k.SpendAfterReturn.Select(s => $"{s.Days}d {Money(s.After)} / {Money(s.Before)} (n={s.Users:N0})")));
        lines.Add("");
        lines.Add($"  {"arm",-28} {"users",7} {"returned",9} {"rate",7} {"lift (95% CI)",-27} {"p",7} {"incremental",11} {"cost",9} {"cost/incr.",10}");
        foreach (var arm in report.Arms)
        {
            var lift = arm.Lift is { } l ? $"{Points(l.Difference)} [{Points(l.Lower)}, {Points(l.Upper)}]" : arm.IsBaseline ? "(baseline)" : "—";
            lines.Add($"  {Clip(arm.Arm + (arm.TooSmall ? " (too small)" : ""), 28),-28} {arm.Users,7:N0} {arm.Returned,9:N0} {Percent(arm.ReturnRate),7} {lift,-27} "
                + $"{(arm.Lift is { } p ? p.PValue.ToString("0.000", CultureInfo.InvariantCulture) : "—"),7} {(arm.IncrementalReturns is { } inc ? inc.ToString("0.0", CultureInfo.InvariantCulture) : "—"),11} "
                + $"{arm.Cost,9:N2} {Money(arm.CostPerIncrementalReturn),10}");
        }

        lines.Add("");
        lines.Add($"  {"channel",-8} {"sent",7} {"failed",7} {"cost",9} {"returned",9} {"cost/reactivation",18}");
        lines.AddRange(report.Channels.Select(c => $"  {c.Channel,-8} {c.Sent,7:N0} {c.Failed,7:N0} {c.Cost,9:N2} {c.Returned,9:N0} {Money(c.CostPerReactivation),18}"));
        if (report.Skips.Count > 0)
        {
            lines.Add("");
            lines.Add("  Not sent, by reason:");
            lines.AddRange(report.Skips.Take(8).Select(s => $"    {s.Count,6:N0}  {s.Reason}"));
        }

        lines.Add("");
        lines.Add($"  {"day",-10} {"enrolled",8} {"sent",6} {"clicked",8} {"returned",9} {"cost",8}");
        lines.AddRange(report.Daily.Select(d => $"  {d.Day:yyyy-MM-dd} {d.Enrolled,8:N0} {d.Sent,6:N0} {d.Clicked,8:N0} {d.Returned,9:N0} {d.Cost,8:N2}"));
        foreach (var line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    /// <summary>A rate as a percentage, or an em dash.</summary>
    public static string Percent(double? rate) => rate is { } r ? r.ToString("0.0%", CultureInfo.InvariantCulture) : "—";

    /// <summary>A difference in rates as signed percentage points.</summary>
    public static string Points(double difference) => (difference * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pts";

    private static string Money(double? amount) => amount is { } a ? a.ToString("0.00", CultureInfo.InvariantCulture) : "—";

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
