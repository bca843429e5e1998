namespace Reactivation.Core.Messaging;

/// <summary>What an inbound SMS asks for, if it is a keyword.</summary>
public enum SmsKeyword
{
    /// <summary>Not a keyword: an ordinary reply.</summary>
    None,

    /// <summary>Stop sending me SMS (STOP, 退订, TD, ...).</summary>
    OptOut,

    /// <summary>Send me SMS again (START, UNSTOP, ...).</summary>
    OptIn,
}
