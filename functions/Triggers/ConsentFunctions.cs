using Microsoft.Azure.Functions.Worker;
using Reactivation.Core.Policy;
using Reactivation.Functions.Api;
using Reactivation.Infra.Audit;
using Reactivation.Infra.Policy;

namespace Reactivation.Functions.Triggers;

/// <summary>Consent, the why-not-sent ledger and the audit trail, for the admin key.</summary>
public sealed class ConsentFunctions(
    ConsentLedger ledger, ConsentFlags flags, NotSentLedger notSent, ContactLedger contacts, ContactPolicyOptions rules, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Records consent changes.</summary>
    [Function("PostConsent")]
    public Task<IResult> PostConsent([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/consent")] HttpRequest request, CancellationToken cancellationToken) =>
        ConsentApi.PostAsync(request, ledger, clock, cancellationToken);

    /// <summary>A user's consent and its history.</summary>
    [Function("GetConsent")]
    public Task<IResult> GetConsent([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/consent/{userId}")] HttpRequest request, string userId, CancellationToken cancellationToken) =>
        ConsentApi.GetAsync(userId, ledger, flags, cancellationToken);

    /// <summary>Every message not sent to a user, with the reason.</summary>
    [Function("GetNotSent")]
    public Task<IResult> GetNotSent([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/users/{userId}/notsent")] HttpRequest request, string userId, CancellationToken cancellationToken) =>
        NotSentApi.GetAsync(userId, request, notSent, flags, contacts, rules, clock, cancellationToken);

    /// <summary>The audit trail of a user or of admin actions.</summary>
    [Function("GetAudit")]
    public Task<IResult> GetAudit([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/audit")] HttpRequest request, CancellationToken cancellationToken) =>
        AuditApi.GetAsync(request, audit, cancellationToken);
}
