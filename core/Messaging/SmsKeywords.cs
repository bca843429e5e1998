using System.Collections.Frozen;
using System.Text;

namespace Reactivation.Core.Messaging;

/// <summary>
/// Recognises the opt-out and opt-in keywords of inbound SMS: the whole message must be the keyword, in any case, with
/// surrounding spaces, and in full-width forms (<c>ＳＴＯＰ</c>, <c>ｔｄ</c>) as Chinese input methods type them. Pure.
/// </summary>
/// <remarks>
/// A keyword inside a sentence ("please don't stop") is not one: carriers and ACS match the whole message too, and a
/// misread opt-out would silence a user who wanted to talk.
/// </remarks>
public static class SmsKeywords
{
    /// <summary>The opt-out keywords: the carriers' English set, and 退订 / TD / T / N as Chinese marketing SMS ask for (回T退订).</summary>
    public static IReadOnlyList<string> OptOut { get; } = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "退订", "TD", "T", "N"];

    /// <summary>The opt-in keywords.</summary>
    public static IReadOnlyList<string> OptIn { get; } = ["START", "UNSTOP", "YES", "Y"];

    private static readonly FrozenDictionary<string, SmsKeyword> Keywords =
        OptOut.Select(k => KeyValuePair.Create(k, SmsKeyword.OptOut))
            .Concat(OptIn.Select(k => KeyValuePair.Create(k, SmsKeyword.OptIn)))
            .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The keyword <paramref name="message"/> is, or <see cref="SmsKeyword.None"/>.</summary>
    public static SmsKeyword Parse(string? message) =>
        message is null ? SmsKeyword.None : Keywords.GetValueOrDefault(Normalise(message), SmsKeyword.None);

    /// <summary>The message folded for matching: compatibility-normalised (full-width letters and spaces become ASCII), trimmed, upper-case.</summary>
    public static string Normalise(string message) => message.Normalize(NormalizationForm.FormKC).Trim().ToUpperInvariant();
}
