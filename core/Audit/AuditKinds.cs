namespace Reactivation.Core.Audit;

/// <summary>The kinds of audit entries.</summary>
public static class AuditKinds
{
    /// <summary>A message went out.</summary>
    public const string Send = "send";

    /// <summary>A message was not sent and will not be: skipped by the policy or the journey, held out, suppressed.</summary>
    public const string Skip = "skip";

    /// <summary>A message was put off (quiet hours, a frequency cap).</summary>
    public const string Defer = "defer";

    /// <summary>A send failed for good.</summary>
    public const string SendFailed = "sendFailed";

    /// <summary>A consent change was recorded.</summary>
    public const string ConsentChange = "consentChange";

    /// <summary>A tracked link was followed.</summary>
    public const string Click = "click";

    /// <summary>An operator changed something through a management endpoint.</summary>
    public const string AdminAction = "adminAction";
}
