using Reactivation.Core.Privacy;

namespace Reactivation.Functions.Logging;

/// <summary>
/// Stands in for an exception on its way to the log: the same type name, message and stack trace as text, with contact
/// data masked (a provider's error message may quote the number it refused).
/// </summary>
public sealed class MaskedException(Exception original) : Exception(ContactMask.MaskText(original.Message))
{
    private readonly string _text = ContactMask.MaskText(original.ToString());

    /// <inheritdoc />
    public override string ToString() => _text;
}
