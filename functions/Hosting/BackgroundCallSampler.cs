using OpenTelemetry.Trace;

namespace Reactivation.Functions.Hosting;

/// <summary>
/// Keeps every span that belongs to some work (a request, a hand-off, a journey step) and drops the HTTP calls that
/// belong to none: the task hub's queue polls and lease renewals, several a second for ever, which would bury the
/// traces that matter and, in Azure Monitor, be paid for.
/// </summary>
public sealed class BackgroundCallSampler : Sampler
{
    // The operation name HttpClient's spans start with, before the instrumentation renames them after the method.
    private const string HttpClientOperation = "System.Net.Http.HttpRequestOut";

    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);

    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    /// <inheritdoc />
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.ParentContext.TraceId != default)
        {
            // A child follows its parent: sampled with it, dropped with it.
            return samplingParameters.ParentContext.TraceFlags.HasFlag(System.Diagnostics.ActivityTraceFlags.Recorded) ? Keep : Drop;
        }

        return samplingParameters.Name == HttpClientOperation ? Drop : Keep;
    }
}
