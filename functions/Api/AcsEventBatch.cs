using Reactivation.Core.Activity;
using Reactivation.Core.Messaging;

namespace Reactivation.Functions.Api;

/// <summary>What one Event Grid delivery to the ACS events endpoint carried, in our terms.</summary>
/// <param name="ValidationCode">The code of a subscription validation handshake (Event Grid schema), if the delivery was one.</param>
/// <param name="Reports">SMS and email delivery reports.</param>
/// <param name="Inbound">SMS users sent us.</param>
/// <param name="Ignored">Events of types we do not act on (acknowledged all the same).</param>
/// <param name="Problems">Why the body cannot be used; when any, nothing in it may be acted on.</param>
public sealed record AcsEventBatch(
    string? ValidationCode, IReadOnlyList<DeliveryReport> Reports, IReadOnlyList<InboundSms> Inbound, int Ignored, IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>A body that cannot be used at all.</summary>
    public static AcsEventBatch Invalid(string location, string message) => new(null, [], [], 0, [new ValidationProblem(location, message)]);
}
