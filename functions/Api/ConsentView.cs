using Reactivation.Core.Policy;
using Reactivation.Infra.Policy;

namespace Reactivation.Functions.Api;

/// <summary>The shape of <c>GET /api/consent/{userId}</c>: the current state per channel and purpose, and the full history as proof.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Current">The state now.</param>
/// <param name="History">Every change, oldest first.</param>
public sealed record ConsentView(string UserId, IReadOnlyList<ConsentView.CurrentItem> Current, IReadOnlyList<ConsentView.Change> History)
{
    /// <summary>The view of one user's consent.</summary>
    public static ConsentView Of(string userId, IReadOnlyList<ConsentFlag> current, IReadOnlyList<ConsentRecord> history) => new(
        userId,
        current.Select(f => new CurrentItem(ContactView.Lower(f.Channel), ContactView.Lower(f.Purpose), ContactView.Lower(f.State), f.Source, f.At)).ToList(),
        history.Select(r => new Change(
            r.ChangeId, ContactView.Lower(r.Channel), ContactView.Lower(r.Purpose), ContactView.Lower(r.State), r.Source, r.At, r.TextVersion, r.IpHash, r.UserAgent, r.Keyword)).ToList());

    /// <summary>One channel and purpose as it stands.</summary>
    /// <param name="Channel">sms or email.</param>
    /// <param name="Purpose">marketing or service.</param>
    /// <param name="State">optedIn or optedOut.</param>
    /// <param name="Source">Where the last change came from.</param>
    /// <param name="At">When the user chose.</param>
    public sealed record CurrentItem(string Channel, string Purpose, string State, string Source, DateTimeOffset At);

    /// <summary>One recorded change.</summary>
    /// <param name="ChangeId">The change's id (the idempotency key).</param>
    /// <param name="Channel">sms or email.</param>
    /// <param name="Purpose">marketing or service.</param>
    /// <param name="State">optedIn or optedOut.</param>
    /// <param name="Source">Where it came from.</param>
    /// <param name="At">When the user chose.</param>
    /// <param name="TextVersion">The consent text's version.</param>
    /// <param name="IpHash">The keyed hash of the IP address.</param>
    /// <param name="UserAgent">The user agent.</param>
    /// <param name="Keyword">The SMS keyword.</param>
    public sealed record Change(
        string ChangeId, string Channel, string Purpose, string State, string Source, DateTimeOffset At, string? TextVersion, string? IpHash, string? UserAgent, string? Keyword);
}

/// <summary>What <c>POST /api/consent</c> recorded.</summary>
/// <param name="Recorded">Changes recorded now.</param>
/// <param name="Repeated">Changes already recorded before (same change id).</param>
public sealed record ConsentRecorded(int Recorded, int Repeated);
