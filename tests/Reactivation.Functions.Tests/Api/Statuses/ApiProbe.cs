using System.Net;
using System.Net.Sockets;
using System.Text;
using Reactivation.Functions.Hosting;

namespace Reactivation.Functions.Tests.Api.Statuses;

/// <summary>
/// What a status case reaches: a running app with the admin and ingestion keys configured (seeded with the shipped
/// journeys, as every app is), and a second one whose public rate limit is one request, for the 429s.
/// </summary>
public sealed class ApiProbe(RunningApp app, RunningApp limited)
{
    /// <summary>The Event Grid key both apps are configured with (it goes in the query, as Event Grid sends it).</summary>
    public const string EventGridKey = "test-event-grid-key-0123456789";

    public RunningApp App => app;

    /// <summary>The app whose public routes allow one request per client.</summary>
    public RunningApp Limited => limited;

    /// <summary>Presents the admin key.</summary>
    public HttpClient Admin => app.Client;

    /// <summary>Presents no key.</summary>
    public HttpClient Anonymous { get; } = app.ClientWith(null);

    /// <summary>Presents the ingestion key.</summary>
    public HttpClient Ingestion { get; } = app.ClientWith(RunningApp.IngestionKey);

    /// <summary>A JSON body.</summary>
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A form body, as the public pages post.</summary>
    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> with <paramref name="body"/> through <paramref name="client"/>.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, HttpContent? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
        return client.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="row"/>'s request with the credentials its operation asks for: the admin or ingestion key in
    /// the header, the Event Grid key in the query, or nothing on a public route.
    /// </summary>
    public Task<HttpResponseMessage> AuthorizedAsync(ApiRow row, HttpContent? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Access(row) switch
        {
            FunctionAccess.Admin => SendAsync(Admin, row.Method, row.Fill(), body, cancellationToken),
            FunctionAccess.Ingestion => SendAsync(Ingestion, row.Method, row.Fill(), body, cancellationToken),
            FunctionAccess.EventGrid => SendAsync(Anonymous, row.Method, row.Fill() + "?key=" + EventGridKey, body, cancellationToken),
            _ => SendAsync(Anonymous, row.Method, row.Fill(), body, cancellationToken),
        };
    }

    /// <summary>
    /// Sends <paramref name="row"/>'s request, with its credentials, declaring a JSON body one byte over the guards' limit
    /// and sending none of it: the guard answers from the declared length, and a client still writing the body would
    /// see the connection closed under it instead of the answer.
    /// </summary>
    public async Task<HttpResponseMessage> DeclaringTooLargeAsync(ApiRow row, CancellationToken cancellationToken, string contentType = "application/json", string? path = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        var address = Admin.BaseAddress!;
        var (target, key) = Access(row) switch
        {
            FunctionAccess.Admin => (row.Fill(), RunningApp.AdminKey),
            FunctionAccess.Ingestion => (row.Fill(), RunningApp.IngestionKey),
            FunctionAccess.EventGrid => (row.Fill() + "?key=" + EventGridKey, null),
            _ => (path ?? row.Fill(), null),
        };
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, cancellationToken);
        var stream = tcp.GetStream();
        var head = $"{row.Method} {target} HTTP/1.1\r\nHost: {address.Authority}\r\n"
            + (key is null ? "" : $"x-functions-key: {key}\r\n")
            + $"Content-Type: {contentType}\r\nContent-Length: {RequestGuards.MaxBodyBytes + 1}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync(cancellationToken) ?? "";
        var parts = statusLine.Split(' ');
        return new HttpResponseMessage(parts.Length > 1 && int.TryParse(parts[1], out var status) ? (HttpStatusCode)status : 0)
        {
            Content = new StringContent(statusLine),
        };
    }

    private static FunctionAccess Access(ApiRow row) => AppFunction.All.Single(f => f.Name == row.Operation).Access;
}
