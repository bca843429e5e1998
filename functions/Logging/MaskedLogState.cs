using System.Collections;
using Reactivation.Core.Privacy;

namespace Reactivation.Functions.Logging;

/// <summary>
/// A log entry's state with contact data masked: the formatted message, and the structured values structured sinks
/// read (each value that is not a number, a time or a flag is turned into masked text; the template is kept as it is).
/// </summary>
public sealed class MaskedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const string Template = "{OriginalFormat}";
    private readonly KeyValuePair<string, object?>[] _values;

    private MaskedLogState(string message, KeyValuePair<string, object?>[] values)
    {
        Message = message;
        _values = values;
    }

    /// <summary>The formatted message, masked.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public int Count => _values.Length;

    /// <inheritdoc />
    public KeyValuePair<string, object?> this[int index] => _values[index];

    /// <summary>The masked form of <paramref name="state"/>, whose formatted text is <paramref name="message"/>.</summary>
    public static MaskedLogState Of<TState>(TState state, string message) => new(
        ContactMask.MaskText(message),
        state is IEnumerable<KeyValuePair<string, object?>> pairs ? [.. pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Key == Template ? p.Value : Mask(p.Value)))] : []);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => Message;

    private static object? Mask(object? value) => value switch
    {
        null or bool or int or long or double or decimal or DateTimeOffset or DateTime or TimeSpan or Guid or Enum => value,
        _ => ContactMask.MaskText(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
    };
}
