namespace Reactivation.Functions.Tests.Api.Statuses;

public sealed class IngestionStatusCases : IStatusCases
{
    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases => [];
}
