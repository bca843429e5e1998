namespace Reactivation.Core.Journeys;

/// <summary>How a message reaches a user.</summary>
public enum Channel
{
    /// <summary>Text message to the user's phone.</summary>
    Sms,

    /// <summary>Email to the user's address.</summary>
    Email,

    /// <summary>A signed POST to a configured endpoint (push, WeChat and other providers).</summary>
    Webhook,
}
