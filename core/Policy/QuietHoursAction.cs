namespace Reactivation.Core.Policy;

/// <summary>What happens to a message that falls in the user's quiet hours.</summary>
public enum QuietHoursAction
{
    /// <summary>Wait (a durable timer) until the quiet hours end.</summary>
    Defer,

    /// <summary>Do not send it; the journey goes on as if it had been skipped.</summary>
    Drop,

    /// <summary>Send anyway (for service messages the user asked for, a login code say).</summary>
    Send,
}
