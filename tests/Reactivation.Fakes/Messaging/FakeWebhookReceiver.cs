using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Reactivation.Fakes.Messaging;

/// <summary>
/// A webhook receiver on loopback that checks what a real integration checks: the signature
/// <c>X-Reactivation-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))</c> over
/// <c>X-Reactivation-Timestamp</c> (computed here independently of the product's signer) and the timestamp's skew
/// against the real clock, as a receiver's own clock would judge it. A request that fails the check gets 401; it can be told to answer an error status next.
/// </summary>
/// <remarks>Shared by the webhook channel's and the alert notifier's tests, which sign the same way.</remarks>
public sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);
    private readonly WebApplication _app;
    private readonly byte[] _secret;
    private readonly ConcurrentQueue<int> _scripted = new();
    private int _authFailures;

    private FakeWebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        _secret = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>The URL to POST to.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Every request received, in order, with whether its signature verified.</summary>
    public ConcurrentQueue<WebhookCall> Calls { get; } = new();

    /// <summary>Requests refused for a missing or wrong signature or a stale timestamp.</summary>
    public int AuthFailures => Volatile.Read(ref _authFailures);

    /// <summary>Starts a receiver on a free loopback port that checks signatures with <paramref name="secret"/>.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<FakeWebhookReceiver> StartAsync(string secret, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new FakeWebhookReceiver(app, secret);
        app.Run(receiver.HandleAsync);
        await app.StartAsync(cancellationToken);
        receiver.Url = $"http://127.0.0.1:{new Uri(app.Urls.First()).Port}/hooks";
        return receiver;
    }

    /// <summary>The next authentic request gets <paramref name="status"/> instead of 200.</summary>
    public void AnswerNext(int status) => _scripted.Enqueue(status);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var valid = Authentic(context.Request, body);
        Calls.Enqueue(new WebhookCall(context.Request.Path.Value ?? "", body, context.Request.Headers["Idempotency-Key"].FirstOrDefault(), valid));
        if (!valid)
        {
            Interlocked.Increment(ref _authFailures);
            context.Response.StatusCode = 401;
            return;
        }

        context.Response.StatusCode = _scripted.TryDequeue(out var status) ? status : 200;
    }

    // The receiver's check, written out independently of the product's signer.
    private bool Authentic(HttpRequest request, string body)
    {
        var timestamp = request.Headers["X-Reactivation-Timestamp"].FirstOrDefault() ?? "";
        var signature = request.Headers["X-Reactivation-Signature"].FirstOrDefault() ?? "";
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (DateTimeOffset.FromUnixTimeSeconds(seconds) - DateTimeOffset.UtcNow).Duration() > MaxSkew)
        {
            return false;
        }

        using var hmac = new HMACSHA256(_secret);
        var expected = "sha256=" + Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(timestamp + "." + body))).ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }
}
