namespace Reactivation.Functions.Tests.Api.Statuses;

/// <summary>A request that makes <paramref name="row"/>'s operation answer its documented status; the test checks the status.</summary>
public delegate Task<HttpResponseMessage> StatusCase(ApiProbe probe, ApiRow row, CancellationToken cancellationToken);

/// <summary>The cases of one group of operations, keyed by operation id and status.</summary>
public interface IStatusCases
{
    IEnumerable<(string Operation, int Status, StatusCase Case)> Cases { get; }
}
