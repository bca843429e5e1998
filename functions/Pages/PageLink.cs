using Reactivation.Core.Links;
using Reactivation.Infra.Links;

namespace Reactivation.Functions.Pages;

/// <summary>A verified link a public page was opened with: the token as presented, what it says, and the send it names.</summary>
/// <param name="Token">The token from the URL.</param>
/// <param name="Claims">What the token says.</param>
/// <param name="Send">The send key's parts (the user, the journey instance).</param>
public sealed record PageLink(string Token, LinkClaims Claims, SendKeyParts Send)
{
    /// <summary>Verifies <paramref name="token"/> for <paramref name="purpose"/>; null (and a log line with the reason) when it is refused.</summary>
    public static PageLink? Open(HttpContext context, string? token, LinkPurpose purpose, LinkMinter links, TimeProvider clock)
    {
        var (claims, refusal) = LinkToken.Verify(links.Keyring, token, purpose, clock.GetUtcNow());
        if (claims is not null && SendKeyParts.TryParse(claims.Subject) is { } send)
        {
            return new PageLink(token!, claims, send);
        }

        // The visitor sees one page whatever the reason; the reason is for the logs.
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Reactivation.Functions.Pages")
            .LogInformation("{Purpose} link refused: {Refusal}", purpose, claims is null ? refusal : "not a send key");
        return null;
    }

    /// <summary>The key this link's forms are signed with, derived from the key that signed the link.</summary>
    public byte[] FormKey(LinkMinter links) => FormToken.DeriveKey(links.Keyring.Find(Claims.KeyId)!);
}
