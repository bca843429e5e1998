using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Reactivation.Fakes.Messaging;

/// <summary>
/// A stand-in for Communication Services on loopback that checks what the real service checks: the HMAC signature
/// (computed here independently of the product's signer), the content hash, the date's skew, SMS repeatability (same id,
/// same first-sent time, same result, no new message) and email Operation-Id reuse. It counts the messages that would
/// really go out and can be told to answer 429, 503 or a per-recipient failure.
/// </summary>
/// <remarks>
/// Shared by the tests and the send-path benchmark, so the benchmark's sends pass the same checks the tests rely on.
/// It listens on a port the system picks (no window in which another process can take it) and can run without request
/// logging and without keeping every request, so a load run measures the client rather than the fake's bookkeeping.
/// </remarks>
public sealed class FakeAcsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _key;
    private readonly ConcurrentDictionary<string, (string FirstSent, string MessageId)> _repeatability = new();
    private readonly ConcurrentDictionary<string, string> _operations = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _scripted = new();
    private int _requestCount;

    private FakeAcsServer(WebApplication app, byte[] key)
    {
        _app = app;
        _key = key;
    }

    /// <summary>The connection string without a key (Entra ID).</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>The connection string with the access key the fake checks signatures against.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Every request received, whatever became of it (HTTP retries and polls included).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Whether each request is kept in <see cref="Requests"/>.</summary>
    /// <value>True. A load run turns it off so memory stays flat; the checks and <see cref="Messages"/> are unaffected.</value>
    public bool RecordRequests { get; set; } = true;

    /// <summary>Messages that really went out: (channel, recipient, text, headers).</summary>
    public ConcurrentQueue<(string Channel, string To, string Text, JsonObject? Headers)> Messages { get; } = new();

    /// <summary>Every request while <see cref="RecordRequests"/> is on, by kind: sms, email, poll.</summary>
    public ConcurrentQueue<(string Kind, JsonNode? Body)> Requests { get; } = new();

    /// <summary>Requests refused for a bad or missing signature or token.</summary>
    public int AuthFailures;

    /// <summary>When set, a bearer token equal to this is accepted (Entra ID) instead of an HMAC signature.</summary>
    public string? ExpectedBearer { get; set; }

    /// <summary>Starts the fake on a free loopback port with a new random access key.</summary>
    /// <param name="logRequests">False drops ASP.NET Core's per-request log lines, which would otherwise dominate a load run.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <remarks>Like the real service, it checks a signature's date against the real clock, whatever clock the caller's journeys run on.</remarks>
    public static async Task<FakeAcsServer> StartAsync(bool logRequests = true, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (!logRequests)
        {
            builder.Logging.ClearProviders();
        }

        var app = builder.Build();
        var server = new FakeAcsServer(app, RandomNumberGenerator.GetBytes(32));
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var port = new Uri(app.Urls.First()).Port;
        server.Endpoint = $"endpoint=http://127.0.0.1:{port}/";
        server.ConnectionString = $"{server.Endpoint};accesskey={Convert.ToBase64String(server._key)}";
        return server;
    }

    /// <summary>The next request (of any kind) gets this answer instead.</summary>
    public void AnswerNext(int status, int? retryAfterSeconds = null, string body = """{"error":{"code":"TooManyRequests","message":"throttled"}}""") =>
        _scripted.Enqueue(async context =>
        {
            context.Response.StatusCode = status;
            if (retryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await context.Response.WriteAsync(body);
        });

    /// <summary>The next SMS recipient result is this failure (the request itself is accepted with 202).</summary>
    public void FailNextSmsRecipient(int status, string error) =>
        _scripted.Enqueue(async context =>
        {
            context.Response.StatusCode = 202;
            var to = (await JsonNode.ParseAsync(context.Request.Body))!["smsRecipients"]![0]!["to"]!.GetValue<string>();
            await context.Response.WriteAsJsonAsync(new { value = new[] { new { to, httpStatusCode = status, errorMessage = error, successful = false } } });
        });

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        context.Request.Body.Position = 0;
        var path = context.Request.Path.Value ?? "";
        var kind = path == "/sms" ? "sms" : path == "/emails:send" ? "email" : "poll";
        var json = body.Length == 0 ? null : JsonNode.Parse(body);
        Interlocked.Increment(ref _requestCount);
        if (RecordRequests)
        {
            Requests.Enqueue((kind, json));
        }
        if (!Authentic(context.Request, body))
        {
            Interlocked.Increment(ref AuthFailures);
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"error":{"code":"Denied","message":"Denied by the resource provider."}}""");
            return;
        }

        if (_scripted.TryDequeue(out var scripted))
        {
            await scripted(context);
            return;
        }

        switch (kind)
        {
            case "sms":
                await SmsAsync(context, json!);
                break;
            case "email":
                await EmailAsync(context, json!);
                break;
            default:
                var id = path.Split('/').Last();
                context.Response.StatusCode = _operations.ContainsKey(id) ? 200 : 404;
                await context.Response.WriteAsJsonAsync(new { id, status = "Succeeded" });
                break;
        }
    }

    private async Task SmsAsync(HttpContext context, JsonNode body)
    {
        if (context.Request.Query["api-version"] != "2021-03-07")
        {
            context.Response.StatusCode = 400;
            return;
        }

        var recipient = body["smsRecipients"]![0]!;
        var to = recipient["to"]!.GetValue<string>();
        var requestId = recipient["repeatabilityRequestId"]?.GetValue<string>();
        var firstSent = recipient["repeatabilityFirstSent"]?.GetValue<string>();
        if (requestId is null || firstSent is null || !Guid.TryParse(requestId, out _))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("""{"error":{"code":"BadRequest","message":"repeatability headers required"}}""");
            return;
        }

        var messageId = "Outgoing_" + Guid.NewGuid().ToString("N");
        var stored = _repeatability.GetOrAdd(requestId, (firstSent, messageId));
        var repeated = stored.MessageId != messageId;
        if (repeated && stored.FirstSent != firstSent)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("""{"error":{"code":"BadRequest","message":"repeatabilityFirstSent differs from the first request"}}""");
            return;
        }

        if (!repeated)
        {
            Messages.Enqueue(("sms", to, body["message"]!.GetValue<string>(), null));
        }

        context.Response.StatusCode = 202;
        await context.Response.WriteAsJsonAsync(new
        {
            value = new[] { new { to, messageId = stored.MessageId, httpStatusCode = 202, repeatabilityResult = repeated ? "rejected" : "accepted", successful = true } },
        });
    }

    private async Task EmailAsync(HttpContext context, JsonNode body)
    {
        var operationId = context.Request.Headers["Operation-Id"].FirstOrDefault();
        if (operationId is null || context.Request.Query["api-version"] != "2023-03-31" || body["content"]?["subject"] is null)
        {
            context.Response.StatusCode = 400;
            return;
        }

        if (_operations.TryAdd(operationId, operationId))
        {
            Messages.Enqueue(("email", body["recipients"]!["to"]![0]!["address"]!.GetValue<string>(), body["content"]!["plainText"]!.GetValue<string>(), body["headers"]?.AsObject()));
        }

        context.Response.StatusCode = 202;
        context.Response.Headers["Operation-Location"] = $"http://{context.Request.Host}/emails/operations/{operationId}?api-version=2023-03-31";
        context.Response.Headers.RetryAfter = "0";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { id = operationId, status = "Running" }));
    }

    // The service's check, written out independently of the product's signer.
    private bool Authentic(HttpRequest request, byte[] body)
    {
        if (request.Headers.Authorization.FirstOrDefault() is { } bearer && bearer.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return ExpectedBearer is not null && bearer == "Bearer " + ExpectedBearer;
        }

        var date = request.Headers["x-ms-date"].FirstOrDefault();
        var hash = request.Headers["x-ms-content-sha256"].FirstOrDefault();
        var authorization = request.Headers.Authorization.FirstOrDefault();
        if (date is null || hash is null || authorization is null
            || !DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            || (at - DateTimeOffset.UtcNow).Duration() > TimeSpan.FromMinutes(15)
            || hash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return false;
        }

        var signed = $"{request.Method}\n{request.Path}{request.QueryString}\n{date};{request.Host.Value};{hash}";
        using var hmac = new HMACSHA256(_key);
        var expected = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + Convert.ToBase64String(hmac.ComputeHash(Encoding.ASCII.GetBytes(signed)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(authorization));
    }
}
