namespace Reactivation.Core.Policy;

/// <summary>The contact policy's answer.</summary>
public enum PolicyVerdictKind
{
    /// <summary>Send now.</summary>
    Allow,

    /// <summary>Not now: try again at <see cref="PolicyVerdict.NotBefore"/>.</summary>
    Defer,

    /// <summary>Not this message; the journey goes on.</summary>
    Drop,

    /// <summary>Not this message, and the journey must end (fatigue, a complaint).</summary>
    Stop,
}
