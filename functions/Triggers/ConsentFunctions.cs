using Microsoft.Azure.Functions.Worker;
using Reactivation.Core.Policy;
using Reactivation.Functions.Api;
using Reactivation.Functions.Hosting.OpenApi;
using Reactivation.Infra.Audit;
using Reactivation.Infra.Policy;

namespace Reactivation.Functions.Triggers;

/// <summary>Consent, the why-not-sent ledger and the audit trail, for the admin key.</summary>
public sealed class ConsentFunctions(
    ConsentLedger ledger, ConsentFlags flags, NotSentLedger notSent, ContactLedger contacts, ContactPolicyOptions rules, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Records consent changes.</summary>
    [Function("PostConsent")]
    [RequestBody(typeof(ConsentInput[]), "application/json", "Up to 1,000 consent changes: an array, or an object with the array under `changes`. All or nothing.")]
    [Answers(StatusCodes.Status200OK, "Every change was taken: how many were recorded now and how many were already recorded (same change id).", Body = typeof(ConsentRecorded))]
    [Answers(StatusCodes.Status400BadRequest, "The body is not JSON or not a list, or a change is not valid (every problem is located); nothing was recorded.")]
    public Task<IResult> PostConsent([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/consent")] HttpRequest request, CancellationToken cancellationToken) =>
        ConsentApi.PostAsync(request, ledger, clock, cancellationToken);

    /// <summary>A user's consent and its history.</summary>
    [Function("GetConsent")]
    [Answers(StatusCodes.Status200OK, "The current state per channel and purpose, and every change, oldest first (empty for a user with none).", Body = typeof(ConsentView))]
    [Answers(StatusCodes.Status400BadRequest, "The user id is not valid.")]
    public Task<IResult> GetConsent([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/consent/{userId}")] HttpRequest request, string userId, CancellationToken cancellationToken) =>
        ConsentApi.GetAsync(userId, ledger, flags, cancellationToken);

    /// <summary>Every message not sent to a user, with the reason.</summary>
    [Function("GetNotSent")]
    [QueryParameter("limit", typeof(int), "The most entries to return, from 1 to 1,000 (default 100).")]
    [Answers(StatusCodes.Status200OK, "The messages not sent, newest first, with the user's consent and recent touches.", Body = typeof(ContactView))]
    [Answers(StatusCodes.Status400BadRequest, "The user id or the limit is not valid.")]
    public Task<IResult> GetNotSent([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/users/{userId}/notsent")] HttpRequest request, string userId, CancellationToken cancellationToken) =>
        NotSentApi.GetAsync(userId, request, notSent, flags, contacts, rules, clock, cancellationToken);

    /// <summary>The audit trail of a user or of admin actions.</summary>
    [Function("GetAudit")]
    [QueryParameter("userId", typeof(string), "The user whose trail to read; required unless scope is admin.")]
    [QueryParameter("scope", typeof(string), "`admin` reads the admin actions on no one user instead of a user's trail.")]
    [QueryParameter("limit", typeof(int), "The most entries to return, from 1 to 1,000 (default 100).")]
    [Answers(StatusCodes.Status200OK, "The entries, newest first.", Body = typeof(AuditView))]
    [Answers(StatusCodes.Status400BadRequest, "The user id is missing or not valid (and scope is not admin), or the limit is not valid; every mistake is located.")]
    public Task<IResult> GetAudit([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/audit")] HttpRequest request, CancellationToken cancellationToken) =>
        AuditApi.GetAsync(request, audit, cancellationToken);
}
