namespace Reactivation.Benchmarks;

/// <summary>The BenchmarkDotNet classes the <c>messaging-micro</c> verb runs, each against its own raw baseline.</summary>
/// <remarks>
/// A class added here runs under the same verb with the same arguments (BenchmarkDotNet's <c>--filter</c> still picks
/// among them); each class prints its own summary, so its ratios are to its own baselines.
/// </remarks>
public static class MessagingMicroBenchmarks
{
    /// <summary>The benchmark classes, in the order they run.</summary>
    public static Type[] Types { get; } = [typeof(TemplateRenderingBenchmarks), typeof(SmsSegmentBenchmarks), typeof(PolicyCheckBenchmarks)];
}
