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

    /// <summary>About how many bytes this click takes in a queue message (its strings plus the JSON around them).</summary>
    public int ApproximateBytes => 160 + SendKey.Length + ClickId.Length + Method.Length + (UserAgent?.Length ?? 0) + (Purpose?.Length ?? 0) + Destination.Length * 2;

    /// <summary>One queue message holding <paramref name="clicks"/>.</summary>
    public static string ToMessage(IEnumerable<PendingClick> clicks) => JsonSerializer.Serialize(clicks, Json);

    /// <summary>Reads a queue message.</summary>
    /// <exception cref="JsonException">The message is not a list of pending clicks.</exception>
    public static IReadOnlyList<PendingClick> Parse(string message)
    {
        var clicks = JsonSerializer.Deserialize<List<PendingClick>>(message, Json) ?? throw new JsonException("the message is empty");
        return clicks.Count > 0 && clicks.All(c => c is { SendKey.Length: > 0, ClickId.Length: > 0 })
            ? clicks
            : throw new JsonException("the message is not a list of pending clicks");
    }
}
