namespace Reactivation.Infra.Orchestration;

/// <summary>How a journey orchestration ends when its instance failed (a fault the decider recorded): Durable marks it failed.</summary>
public sealed class JourneyFailedException : Exception
{
    /// <summary>Creates the exception for <paramref name="instanceId"/>.</summary>
    public JourneyFailedException(string instanceId, string? reason)
        : base($"journey instance {instanceId} failed: {reason ?? "no reason recorded"}")
    {
    }

    /// <summary>Creates the exception.</summary>
    public JourneyFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public JourneyFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public JourneyFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
