using System.Text.RegularExpressions;

namespace Reactivation.Core.Links;

/// <summary>
/// The keys link tokens are signed with: every key listed verifies, the current one signs. Rotation is adding a new key,
/// making it current, and dropping the old one once its links have expired.
/// </summary>
public sealed partial class LinkKeyring
{
    /// <summary>The shortest key accepted, in bytes (HMAC-SHA256's block of security).</summary>
    public const int MinimumKeyBytes = 32;

    private readonly Dictionary<string, byte[]> _keys;

    private LinkKeyring(Dictionary<string, byte[]> keys, string currentKeyId)
    {
        _keys = keys;
        CurrentKeyId = currentKeyId;
    }

    /// <summary>The key id new tokens are signed with.</summary>
    public string CurrentKeyId { get; }

    /// <summary>Builds a keyring, or lists every problem with the keys.</summary>
    /// <param name="keys">Key id (1 to 8 lower-case letters or digits) to key bytes (at least <see cref="MinimumKeyBytes"/>).</param>
    /// <param name="currentKeyId">The id of the key that signs.</param>
    public static (LinkKeyring? Keyring, IReadOnlyList<string> Problems) Create(IReadOnlyDictionary<string, byte[]> keys, string currentKeyId)
    {
        var problems = new List<string>();
        foreach (var (id, key) in keys)
        {
            if (!KeyIdPattern().IsMatch(id))
            {
                problems.Add($"key id '{id}' must be 1 to 8 lower-case letters or digits");
            }

            if (key.Length < MinimumKeyBytes)
            {
                problems.Add($"key '{id}' has {key.Length} bytes; at least {MinimumKeyBytes} are needed");
            }
        }

        if (!keys.ContainsKey(currentKeyId))
        {
            problems.Add($"the current key id '{currentKeyId}' is not among the keys ({string.Join(", ", keys.Keys.Order(StringComparer.Ordinal))})");
        }

        return problems.Count > 0
            ? (null, problems)
            : (new LinkKeyring(keys.ToDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal), currentKeyId), problems);
    }

    /// <summary>The key for <paramref name="keyId"/>, or null when this keyring does not hold it.</summary>
    public byte[]? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    [GeneratedRegex("^[a-z0-9]{1,8}$")]
    private static partial Regex KeyIdPattern();
}
