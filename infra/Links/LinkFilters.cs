using Fluid;
using Fluid.Values;

namespace Reactivation.Infra.Links;

/// <summary>
/// The Liquid filter that signs a message's links: <c>{{ "https://shop.example.com/sale" | track }}</c> renders the
/// <c>/r/{token}</c> URL for the send being rendered, so every click is credited to it.
/// </summary>
/// <remarks>
/// The send travels in the render's own <see cref="TemplateContext"/> (its ambient values, which a template cannot read
/// or assign), so renders running at once on one parsed template never see each other's send.
/// </remarks>
public static class LinkFilters
{
    /// <summary>The filter's name in templates.</summary>
    public const string TrackName = "track";

    private const string SendSlot = "reactivation.send";

    /// <summary>Makes <paramref name="sendKey"/> the send the links rendered in <paramref name="context"/> are signed for.</summary>
    /// <param name="context">The render's context.</param>
    /// <param name="minter">Signs the links.</param>
    /// <param name="sendKey">The send being rendered, or null for a render outside a send (a tracked link then fails it).</param>
    /// <param name="channel">Its channel, for <c>utm_medium</c>.</param>
    /// <param name="variant">Its split variant, for <c>utm_content</c>.</param>
    public static void For(TemplateContext context, LinkMinter minter, string? sendKey, string? channel = null, string? variant = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (sendKey is null)
        {
            context.AmbientValues.Remove(SendSlot);
            return;
        }

        context.AmbientValues[SendSlot] = new Send(minter, sendKey, channel, variant);
    }

    /// <summary>The filter <c>track</c>, as Fluid calls it.</summary>
    /// <exception cref="InvalidOperationException">Rendered outside a send, or the destination is not allow-listed (the send fails instead of carrying a dead link).</exception>
    public static ValueTask<FluidValue> Track(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        return new ValueTask<FluidValue>(StringValue.Create(Track(input.ToStringValue(context), context.AmbientValues.TryGetValue(SendSlot, out var send) ? send as Send : null)));
    }

    private static string Track(string destination, Send? send)
    {
        if (send is not var (minter, sendKey, channel, variant))
        {
            throw new InvalidOperationException("the track filter needs a send to credit the link to; render the template for a send");
        }

        return minter.IsAllowed(destination)
            ? minter.TrackUrl(sendKey, destination, channel, variant)
            : throw new InvalidOperationException($"'{destination}' is not an allowed destination for a tracked link (Links:AllowedDestinations)");
    }

    private sealed record Send(LinkMinter Minter, string SendKey, string? Channel, string? Variant);
}
