namespace Reactivation.Core.Policy;

/// <summary>One consent change as <c>POST /api/consent</c> receives it (validated by <see cref="ConsentValidator"/>).</summary>
/// <param name="ChangeId">The caller's id for the change; a repeat with the same id is the same change.</param>
/// <param name="UserId">The user.</param>
/// <param name="Channel"><c>sms</c>, <c>email</c> or <c>webhook</c>.</param>
/// <param name="Purpose"><c>marketing</c> or <c>service</c>.</param>
/// <param name="State"><c>optIn</c> or <c>optOut</c>.</param>
/// <param name="Source"><c>api</c>, <c>import</c>, <c>preferencePage</c>, <c>oneClick</c> or <c>smsKeyword</c>.</param>
/// <param name="At">When the user made the choice (ISO 8601); now when absent.</param>
/// <param name="TextVersion">The version of the consent text the user saw.</param>
/// <param name="Ip">The user's IP address; only its salted hash is stored.</param>
/// <param name="UserAgent">The user's browser.</param>
/// <param name="Keyword">The SMS keyword they sent.</param>
public sealed record ConsentInput(
    string? ChangeId, string? UserId, string? Channel, string? Purpose, string? State, string? Source, DateTimeOffset? At,
    string? TextVersion, string? Ip, string? UserAgent, string? Keyword);
