namespace Reactivation.Core.Tracking;

/// <summary>Who most likely followed a tracked link.</summary>
public enum ClickKind
{
    /// <summary>A person: counts as engagement and raises the journey's <c>click</c>.</summary>
    Human,

    /// <summary>A mail or link scanner, a preview fetch or a prefetch: kept, marked, and not counted.</summary>
    Scanner,
}
