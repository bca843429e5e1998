namespace Reactivation.Functions.Tests.Api.Statuses;

/// <summary>Every group of handler status cases; the guards' own answers come from <see cref="GuardStatusCases"/>.</summary>
public static class StatusCaseGroups
{
    public static IReadOnlyList<IStatusCases> All { get; } =
    [
        new AcsStatusCases(),
        new ConsentStatusCases(),
        new IngestionStatusCases(),
        new InstanceStatusCases(),
        new JourneyStatusCases(),
        new LinkStatusCases(),
        new MeasurementStatusCases(),
        new SweepStatusCases(),
    ];

    /// <summary>The case for <paramref name="operation"/> answering <paramref name="status"/>, or null when there is none.</summary>
    public static StatusCase? Find(string operation, int status) =>
        All.SelectMany(g => g.Cases).Where(c => c.Operation == operation && c.Status == status).Select(c => c.Case).FirstOrDefault()
        ?? GuardStatusCases.For(status);
}
