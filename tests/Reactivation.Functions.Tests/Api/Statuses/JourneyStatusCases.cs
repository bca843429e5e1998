namespace Reactivation.Functions.Tests.Api.Statuses;

public sealed class JourneyStatusCases : IStatusCases
{
    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases => [];
}
