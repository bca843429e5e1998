using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Reactivation.Functions.Api;
using Reactivation.Functions.Handlers;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Hosting.OpenApi;
using Reactivation.Functions.Pages;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Tracking;

namespace Reactivation.Functions.Triggers;

/// <summary>The endpoints people reach from messages, at the site root so links stay short: their signed token is their key.</summary>
public sealed class LinkFunctions(ClickBack clicks, ClickWorkHandler clickWork, PageServices pages, ILogger<LinkFunctions> logger)
{
    /// <summary>The tracked click-back: records the click and redirects.</summary>
    [Function("Click")]
    [Answers(StatusCodes.Status302Found, "The click was recorded (a HEAD as a scanner's): redirect to the link's allow-listed destination with UTM parameters, not cached, no referrer.")]
    [Answers(StatusCodes.Status404NotFound, "The token is not valid (forged, expired, of another purpose, or for no known user): the friendly page, and nothing is written.", Media = "text/html")]
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
    [Answers(StatusCodes.Status200OK, "The preference form, in the user's language.", Media = "text/html")]
    [Answers(StatusCodes.Status404NotFound, "The token is not valid (forged, expired, of another purpose, or for no known user): the friendly page, and nothing is written.", Media = "text/html")]
    [Access(FunctionAccess.Public)]
    public Task<IResult> PreferencesPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "p/{token}")] HttpRequest request, string token, CancellationToken cancellationToken) =>
        PreferencePage.GetAsync(token, request.HttpContext, pages, cancellationToken);

    /// <summary>Saves the preference form.</summary>
    [Function("SavePreferences")]
    [RequestBody(typeof(Dictionary<string, string>), "application/x-www-form-urlencoded", "The form: its csrf field and one field per channel offered (sms, email), \"on\" when ticked.")]
    [Answers(StatusCodes.Status200OK, "The choices were recorded; the page shows what is now in force.", Media = "text/html")]
    [Answers(StatusCodes.Status400BadRequest, "The form has a field the page did not offer, a field twice, a box value other than on, or files.", Media = "text/html")]
    [Answers(StatusCodes.Status403Forbidden, "A cross-site post, or a csrf field that is forged, of another link or older than a day.", Media = "text/html")]
    [Answers(StatusCodes.Status404NotFound, "The token is not valid (forged, expired, of another purpose, or for no known user): the friendly page, and nothing is written.", Media = "text/html")]
    [Answers(StatusCodes.Status413PayloadTooLarge, "The form is too large.", Media = "text/html")]
    [Answers(StatusCodes.Status415UnsupportedMediaType, "The body is not a form.", Media = "text/html")]
    [Access(FunctionAccess.Public)]
    public Task<IResult> SavePreferences([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "p/{token}")] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        PreferencePage.PostAsync(token, request.HttpContext, client, pages, cancellationToken);

    /// <summary>Asks before unsubscribing (mail scanners follow links).</summary>
    [Function("UnsubscribePage")]
    [Answers(StatusCodes.Status200OK, "Asks to confirm (mail scanners follow links; only the post unsubscribes).", Media = "text/html")]
    [Answers(StatusCodes.Status404NotFound, "The token is not valid (forged, expired, of another purpose, or for no known user): the friendly page, and nothing is written.", Media = "text/html")]
    [Access(FunctionAccess.Public)]
    public Task<IResult> UnsubscribePage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "u/{token}")] HttpRequest request, string token, CancellationToken cancellationToken) =>
        Pages.UnsubscribePage.GetAsync(token, request.HttpContext, pages, cancellationToken);

    /// <summary>One-click unsubscribe (RFC 8058).</summary>
    [Function("Unsubscribe")]
    [RequestBody(typeof(Dictionary<string, string>), "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click (RFC 8058).")]
    [Answers(StatusCodes.Status200OK, "Unsubscribed from the link's channel (once, however often it is posted).", Media = "text/html")]
    [Answers(StatusCodes.Status400BadRequest, "The form lacks List-Unsubscribe=One-Click, or carries files.", Media = "text/html")]
    [Answers(StatusCodes.Status404NotFound, "The token is not valid (forged, expired, of another purpose, or for no known user): the friendly page, and nothing is written.", Media = "text/html")]
    [Answers(StatusCodes.Status413PayloadTooLarge, "The form is too large.", Media = "text/html")]
    [Answers(StatusCodes.Status415UnsupportedMediaType, "The body is not a form.", Media = "text/html")]
    [Access(FunctionAccess.Public)]
    public Task<IResult> Unsubscribe([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "u/{token}")] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        Pages.UnsubscribePage.PostAsync(token, request.HttpContext, client, pages, cancellationToken);
}
