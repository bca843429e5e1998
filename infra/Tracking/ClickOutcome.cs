using Reactivation.Core.Links;
using Reactivation.Core.Tracking;

namespace Reactivation.Infra.Tracking;

/// <summary>What following a tracked link came to.</summary>
/// <param name="Location">Where to redirect (the destination with UTM parameters), or null when the link was refused.</param>
/// <param name="Refusal">Why the token was refused (<see cref="LinkRefusal.None"/> when it verified; a verified token whose destination is not allow-listed is refused too, as <see cref="LinkRefusal.None"/> with no location).</param>
/// <param name="Kind">How the click was classified, when it was recorded.</param>
/// <param name="Raised">True when this click was the send's first human click and raised the journey's <c>click</c>.</param>
public sealed record ClickOutcome(string? Location, LinkRefusal Refusal, ClickKind? Kind, bool Raised)
{
    /// <summary>A refused link: nothing recorded, nothing raised.</summary>
    public static ClickOutcome Refused(LinkRefusal refusal) => new(null, refusal, null, false);
}
