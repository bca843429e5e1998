namespace Reactivation.Core.Journeys;

/// <summary>Event names with a meaning to every journey.</summary>
public static class JourneyEventNames
{
    /// <summary>The user came back: a login or a purchase. Ends any journey as reactivated unless a <c>waitFor</c> takes it.</summary>
    public const string Return = "return";

    /// <summary>The user clicked a tracked link.</summary>
    public const string Click = "click";

    /// <summary>The user replied to a message.</summary>
    public const string Reply = "reply";

    /// <summary>The user opted out of one channel (the event's channel) or, without a channel, of all of them.</summary>
    public const string OptOut = "optOut";

    /// <summary>The user complained. Ends any journey.</summary>
    public const string Complaint = "complaint";

    /// <summary>True for names any journey reacts to even when no step waits for them.</summary>
    public static bool IsGlobal(string name) => name is Return or OptOut or Complaint;
}
