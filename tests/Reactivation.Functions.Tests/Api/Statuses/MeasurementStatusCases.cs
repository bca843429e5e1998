using Microsoft.AspNetCore.Http;

namespace Reactivation.Functions.Tests.Api.Statuses;

public sealed class MeasurementStatusCases : IStatusCases
{
    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases =>
    [
        ("GetSampleSize", StatusCodes.Status200OK, (p, _, ct) => p.Admin.GetAsync("/api/experiments/samplesize?baseline=0.042&lift=0.15", ct)),
        ("GetSampleSize", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.GetAsync("/api/experiments/samplesize?baseline=lots", ct)),
    ];
}
