namespace Reactivation.Core.Links;

/// <summary>What a signed link is for; a token minted for one purpose is refused for another.</summary>
public enum LinkPurpose : byte
{
    /// <summary>A tracked click-back to a destination (<c>/r/{token}</c>).</summary>
    Track = (byte)'t',

    /// <summary>One-click unsubscribe (<c>/u/{token}</c>).</summary>
    Unsubscribe = (byte)'u',

    /// <summary>The preference page (<c>/p/{token}</c>).</summary>
    Preferences = (byte)'p',
}
