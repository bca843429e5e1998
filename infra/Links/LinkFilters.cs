namespace Reactivation.Infra.Links;

/// <summary>
/// The Liquid filter that signs a message's links: <c>{{ "https://shop.example.com/sale" | track }}</c> renders the
/// <c>/r/{token}</c> URL for the send being rendered, so every click is credited to it.
/// </summary>
/// <remarks>
/// DotLiquid hands a thread-safe template's filters a shared context (its registers and variables are not the render's),
/// so the send being rendered is set for the rendering thread by <see cref="For"/>; rendering is synchronous, and the
/// scope is undone when the render ends.
/// </remarks>
public static class LinkFilters
{
    [ThreadStatic]
    private static (LinkMinter Minter, string SendKey, string? Channel, string? Variant)? _current;

    /// <summary>Makes <paramref name="sendKey"/> the send links are signed for on this thread until the scope is disposed.</summary>
    /// <param name="minter">Signs the links.</param>
    /// <param name="sendKey">The send being rendered.</param>
    /// <param name="channel">Its channel, for <c>utm_medium</c>.</param>
    /// <param name="variant">Its split variant, for <c>utm_content</c>.</param>
    public static IDisposable For(LinkMinter minter, string? sendKey, string? channel = null, string? variant = null)
    {
        var previous = _current;
        _current = sendKey is null ? null : (minter, sendKey, channel, variant);
        return new Scope(previous);
    }

    /// <summary>The filter <c>track</c>.</summary>
    /// <exception cref="InvalidOperationException">Rendered outside a send, or the destination is not allow-listed (the send fails instead of carrying a dead link).</exception>
    public static string Track(object? input)
    {
        if (_current is not var (minter, sendKey, channel, variant))
        {
            throw new InvalidOperationException("the track filter needs a send to credit the link to; render the template for a send");
        }

        var destination = input?.ToString() ?? "";
        return minter.IsAllowed(destination)
            ? minter.TrackUrl(sendKey, destination, channel, variant)
            : throw new InvalidOperationException($"'{destination}' is not an allowed destination for a tracked link (Links:AllowedDestinations)");
    }

    private sealed class Scope((LinkMinter, string, string?, string?)? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}
