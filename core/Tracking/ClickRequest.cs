namespace Reactivation.Core.Tracking;

/// <summary>What the click-back endpoint knows about one request for a tracked link.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="UserAgent">The User-Agent header, if any.</param>
/// <param name="Purpose">The <c>Sec-Purpose</c> or <c>Purpose</c> header (browsers send <c>prefetch</c> for speculative loads).</param>
/// <param name="At">When the request arrived.</param>
/// <param name="DeliveredAt">When the message was delivered (or sent, when no delivery report came), if known.</param>
public sealed record ClickRequest(string Method, string? UserAgent, string? Purpose, DateTimeOffset At, DateTimeOffset? DeliveredAt);
