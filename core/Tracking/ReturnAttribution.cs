using Reactivation.Core.Policy;

namespace Reactivation.Core.Tracking;

/// <summary>
/// Which touch a return is credited to: the last marketing touch at or before the return and no longer ago than the
/// attribution window (last-touch attribution); every touch in the window is kept beside it for other models.
/// </summary>
/// <param name="LastTouch">The touch credited, or null when none fell in the window (the return is not attributed).</param>
/// <param name="TouchesInWindow">Every touch in the window, oldest first.</param>
public sealed record ReturnAttribution(ContactTouch? LastTouch, IReadOnlyList<ContactTouch> TouchesInWindow)
{
    /// <summary>True when the return is credited to a touch.</summary>
    public bool IsAttributed => LastTouch is not null;

    /// <summary>Attributes a return at <paramref name="returnedAt"/> among <paramref name="touches"/>.</summary>
    public static ReturnAttribution Decide(IEnumerable<ContactTouch> touches, DateTimeOffset returnedAt, TimeSpan window)
    {
        var inWindow = touches.Where(t => t.At <= returnedAt && returnedAt - t.At <= window)
            .OrderBy(t => t.At).ThenBy(t => t.SendKey, StringComparer.Ordinal).ToArray();
        return new ReturnAttribution(inWindow.LastOrDefault(), inWindow);
    }
}
