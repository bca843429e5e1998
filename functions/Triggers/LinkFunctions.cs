using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Reactivation.Functions.Api;
using Reactivation.Functions.Handlers;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Pages;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Tracking;

namespace Reactivation.Functions.Triggers;

/// <summary>The endpoints people reach from messages, at the site root so links stay short: their signed token is their key.</summary>
public sealed class LinkFunctions(ClickBack clicks, ClickWorkHandler clickWork, PageServices pages, ILogger<LinkFunctions> logger)
{
    /// <summary>The tracked click-back: records the click and redirects.</summary>
    [Function("Click")]
    [Access(FunctionAccess.Public)]
    public Task<IResult> Click([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "r/{token}")] HttpRequest request, string token, CancellationToken cancellationToken) =>
        ClickApi.FollowAsync(token, request.HttpContext, clicks, cancellationToken);

    /// <summary>Classifies and credits a recorded click.</summary>
    [Function("ClickWork")]
    public async Task ClickWork(
        [QueueTrigger(QueueNames.ClickWork)] string message, long dequeueCount, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        logger.LogInformation("ClickWork: {Log}", await clickWork.HandleAsync(message, client, cancellationToken).ConfigureAwait(false));

    /// <summary>The preference page.</summary>
    [Function("PreferencesPage")]
    [Access(FunctionAccess.Public)]
    public Task<IResult> PreferencesPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "p/{token}")] HttpRequest request, string token, CancellationToken cancellationToken) =>
        PreferencePage.GetAsync(token, request.HttpContext, pages, cancellationToken);

    /// <summary>Saves the preference form.</summary>
    [Function("SavePreferences")]
    [Access(FunctionAccess.Public)]
    public Task<IResult> SavePreferences([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "p/{token}")] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        PreferencePage.PostAsync(token, request.HttpContext, client, pages, cancellationToken);

    /// <summary>Asks before unsubscribing (mail scanners follow links).</summary>
    [Function("UnsubscribePage")]
    [Access(FunctionAccess.Public)]
    public Task<IResult> UnsubscribePage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "u/{token}")] HttpRequest request, string token, CancellationToken cancellationToken) =>
        Pages.UnsubscribePage.GetAsync(token, request.HttpContext, pages, cancellationToken);

    /// <summary>One-click unsubscribe (RFC 8058).</summary>
    [Function("Unsubscribe")]
    [Access(FunctionAccess.Public)]
    public Task<IResult> Unsubscribe([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "u/{token}")] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        Pages.UnsubscribePage.PostAsync(token, request.HttpContext, client, pages, cancellationToken);
}
