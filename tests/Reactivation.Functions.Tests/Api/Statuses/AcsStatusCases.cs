namespace Reactivation.Functions.Tests.Api.Statuses;

public sealed class AcsStatusCases : IStatusCases
{
    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases => [];
}
