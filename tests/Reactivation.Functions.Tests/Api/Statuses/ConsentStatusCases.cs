namespace Reactivation.Functions.Tests.Api.Statuses;

public sealed class ConsentStatusCases : IStatusCases
{
    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases => [];
}
