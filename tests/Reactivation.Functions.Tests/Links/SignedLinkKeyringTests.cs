using Reactivation.Core.Links;
using Reactivation.Infra.Links;
using Xunit;

namespace Reactivation.Functions.Tests.Links;

/// <summary>How the keyring is put together from the derived key, the stored keys and the configured ones.</summary>
public sealed class SignedLinkKeyringTests
{
    private static readonly byte[] Secret = "0123456789abcdef0123456789abcdef"u8.ToArray();
    private static readonly string K1 = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_configured_key_signs_and_the_derived_key_still_verifies()
    {
        var keyring = new SignedLinkOptions { Keys = new() { ["k1"] = K1 } }.Keyring(Secret);

        Assert.Equal("k1", keyring.CurrentKeyId);
        Assert.Equal(SignedLinkOptions.DeriveKey(Secret), keyring.Find("d1"));
    }

    [Fact]
    public void The_stored_derived_key_wins_over_a_new_derivation_so_a_new_secret_changes_nothing()
    {
        var first = SignedLinkOptions.DeriveKey(Secret);

        var keyring = new SignedLinkOptions().Keyring("another secret of thirty-two chars!"u8.ToArray(), [Stored("d1", first)]);

        Assert.Equal(first, keyring.Find("d1"));
    }

    [Fact]
    public void A_retired_key_no_longer_verifies_and_a_retired_current_key_stops_the_start()
    {
        var keyring = new SignedLinkOptions { Keys = new() { ["k1"] = K1 } }.Keyring(Secret, [Stored("d1", SignedLinkOptions.DeriveKey(Secret)) with { RetiredAt = Now }]);
        var retiredCurrent = Assert.Throws<InvalidOperationException>(() => new SignedLinkOptions().Keyring(Secret, [Stored("d1", SignedLinkOptions.DeriveKey(Secret)) with { RetiredAt = Now }]));

        Assert.Null(keyring.Find("d1"));
        Assert.Contains("the current key 'd1' was retired", retiredCurrent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_key_may_not_take_the_derived_id_or_differ_from_a_stored_key_of_its_id()
    {
        var asDerived = new SignedLinkOptions { Keys = new() { ["d1"] = K1 }, CurrentKeyId = "d1" }.Validate(Secret);
        var differs = Assert.Throws<InvalidOperationException>(() =>
            new SignedLinkOptions { Keys = new() { ["k1"] = K1 } }.Keyring(Secret, [Stored("k1", new byte[32])]));

        Assert.Contains(asDerived, p => p.Contains("key id 'd1' is the derived key's", StringComparison.Ordinal));
        Assert.Contains("key 'k1' differs from the stored key of that id", differs.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_current_key_id_that_only_the_store_holds_passes_startup_validation_and_signs_once_loaded()
    {
        var options = new SignedLinkOptions { CurrentKeyId = "k2" };

        Assert.Empty(options.Validate(Secret));
        Assert.Equal("k2", options.Keyring(Secret, [Stored("k2", new byte[32])]).CurrentKeyId);
        Assert.Contains("'k2' is not among the keys", Assert.Throws<InvalidOperationException>(() => options.Keyring(Secret)).Message, StringComparison.Ordinal);
    }

    private static LinkKeyRecord Stored(string id, byte[] key) => new(id, key, "test", Now, Now, null, null);
}
