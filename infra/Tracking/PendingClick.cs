using System.Text.Json;

namespace Reactivation.Infra.Tracking;

/// <summary>
/// A click as the click-back saw it, queued before the redirect: the durable record the <c>ClickWork</c> function turns
/// into a stored, classified and credited click. Everything a later step needs is here, so nothing is read at click time.
/// </summary>
/// <param name="SendKey">The send the link was minted for.</param>
/// <param name="ClickId">The click's own id (time-ordered): a redelivered message is the same click.</param>
/// <param name="At">When the request arrived.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="UserAgent">The User-Agent header, cut to <see cref="ClickLedger.MaxUserAgent"/>.</param>
/// <param name="Purpose">The Sec-Purpose or Purpose header.</param>
/// <param name="Destination">Where the visitor was sent.</param>
public sealed record PendingClick(string SendKey, string ClickId, DateTimeOffset At, string Method, string? UserAgent, string? Purpose, string Destination)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The queue message.</summary>
    public string ToMessage() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a queue message.</summary>
    /// <exception cref="JsonException">The message is not a pending click.</exception>
    public static PendingClick Parse(string message) =>
        JsonSerializer.Deserialize<PendingClick>(message, Json) is { SendKey.Length: > 0, ClickId.Length: > 0 } click
            ? click
            : throw new JsonException("the message is not a pending click");
}
