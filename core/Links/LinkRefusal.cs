namespace Reactivation.Core.Links;

/// <summary>Why a link token was not accepted; the public endpoints show none of this to the visitor.</summary>
public enum LinkRefusal
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>Not a token of this scheme (wrong shape, bad Base64url, wrong version, truncated).</summary>
    Malformed,

    /// <summary>Signed with a key id this deployment does not hold (retired, or never ours).</summary>
    UnknownKey,

    /// <summary>The signature does not match: tampered with or forged.</summary>
    BadSignature,

    /// <summary>Genuine, but past its expiry.</summary>
    Expired,

    /// <summary>Genuine, but minted for another purpose (a tracking token presented to unsubscribe, say).</summary>
    WrongPurpose,
}
