using System.Buffers;

namespace Reactivation.Core.Activity;

/// <summary>Rules for ids that become table keys.</summary>
/// <remarks>
/// Table keys forbid <c>/ \ # ?</c> and control characters; we also keep <c>~</c> and <c>|</c> out, free for our own keys and as a
/// separator, so ids are restricted to a safe set rather than escaped, which keeps keys readable in storage tools.
/// </remarks>
public static class Identifiers
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:@+=");

    /// <summary>Returns null when <paramref name="id"/> is a valid key, or the reason it is not.</summary>
    public static string? Check(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "is required";
        }

        if (id.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters";
        }

        return id.AsSpan().ContainsAnyExcept(Allowed)
            ? "may contain only letters, digits and - _ . : @ + ="
            : null;
    }
}
