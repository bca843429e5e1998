using Reactivation.Core.Tracking;

namespace Reactivation.Infra.Tracking;

/// <summary>One request for a tracked link, as the clicks table keeps it.</summary>
/// <param name="SendKey">The send the link was minted for.</param>
/// <param name="ClickId">This click's id (time-ordered).</param>
/// <param name="At">When it arrived.</param>
/// <param name="Kind">Human or scanner.</param>
/// <param name="Reason">For a scanner, why it was taken for one.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="UserAgent">The User-Agent, cut to <see cref="ClickLedger.MaxUserAgent"/> characters.</param>
/// <param name="Destination">Where the link leads (before UTM).</param>
public sealed record ClickRecord(
    string SendKey, string ClickId, DateTimeOffset At, ClickKind Kind, string? Reason, string Method, string? UserAgent, string Destination);
