using System.CommandLine;
using System.Globalization;
using Reactivation.Core.Measurement;

namespace Reactivation.Functions.Cli;

/// <summary><c>samplesize --baseline P (--lift R | --absolute D) [--alpha A] [--power B]</c>: users per arm for a two-proportion test.</summary>
public static class SampleSizeCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var baseline = new Option<double>("--baseline") { Description = "The control's return rate, e.g. 0.042.", Required = true };
        var lift = new Option<double?>("--lift") { Description = "The smallest relative effect worth detecting, e.g. 0.15 for +15%." };
        var absolute = new Option<double?>("--absolute") { Description = "Or the smallest absolute effect, e.g. 0.01 for +1 point." };
        var alpha = new Option<double>("--alpha") { Description = "Two-sided significance level.", DefaultValueFactory = _ => 0.05 };
        var power = new Option<double>("--power") { Description = "Power.", DefaultValueFactory = _ => 0.8 };
        var command = new Command("samplesize", "Users per arm to detect an effect on a return rate (two proportions, two-sided).") { baseline, lift, absolute, alpha, power };
        command.SetAction(result =>
        {
            if (result.GetValue(lift).HasValue == result.GetValue(absolute).HasValue)
            {
                Console.Error.WriteLine("error: give --lift (relative) or --absolute, not both or neither");
                return 2;
            }

            var relative = result.GetValue(lift).HasValue;
            var effect = result.GetValue(lift) ?? result.GetValue(absolute)!.Value;
            var (perArm, treated, problems) = SampleSize.PerArm(result.GetValue(baseline), effect, relative, result.GetValue(alpha), result.GetValue(power));
            if (perArm is not { } n)
            {
                problems.ToList().ForEach(p => Console.Error.WriteLine($"error: {p}"));
                return 2;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"baseline {result.GetValue(baseline):P2} -> {treated:P2} ({(relative ? $"{effect:+0.##%;-0.##%} relative" : $"{effect * 100:+0.##;-0.##} points")}), " +
                $"alpha {result.GetValue(alpha)}, power {result.GetValue(power)}: {n:N0} users per arm ({2 * n:N0} for two arms)"));
            return 0;
        });
        return command;
    }
}
