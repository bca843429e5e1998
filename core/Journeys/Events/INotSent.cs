namespace Reactivation.Core.Journeys.Events;

/// <summary>An event that means a message the journey meant to send did not go out (yet): what the why-not-sent ledger and the audit record.</summary>
public interface INotSent
{
    /// <summary>The send step.</summary>
    string Step { get; }

    /// <summary>The reason, as a code.</summary>
    NotSentReason Reason { get; }

    /// <summary>The reason in words, for an operator.</summary>
    string Detail { get; }
}
