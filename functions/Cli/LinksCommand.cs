using System.CommandLine;
using Reactivation.Core.Links;
using Reactivation.Infra.Links;

namespace Reactivation.Functions.Cli;

/// <summary><c>links keys</c>, <c>links keys new</c>, <c>links keys retire ID</c>: the link signing keys a deployment holds.</summary>
public static class LinksCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var list = new Command("keys", "The link signing keys in use: which signs, when each signed, until when its links work.");
        list.SetAction(async (_, ct) => await WithServicesAsync((store, options) => ListAsync(store, options, DateTimeOffset.UtcNow, Console.Out, ct)).ConfigureAwait(false));

        var make = new Command("new", "Make a key of 32 random bytes under the next free id and store it; set Links:CurrentKeyId to it to sign with it.");
        make.SetAction(async (_, ct) => await WithServicesAsync((store, _) => NewAsync(store, DateTimeOffset.UtcNow, Console.Out, ct)).ConfigureAwait(false));

        var id = new Argument<string>("id") { Description = "The key id to retire." };
        var force = new Option<bool>("--force") { Description = "Retire it even though links it signed still work (they stop working)." };
        var retire = new Command("retire", "Stop verifying links signed with a key, once no link it signed can still be opened.") { id, force };
        retire.SetAction(async (result, ct) => await WithServicesAsync((store, options) =>
            RetireAsync(store, options, result.GetValue(id)!, result.GetValue(force), DateTimeOffset.UtcNow, Console.Out, ct)).ConfigureAwait(false));

        list.Subcommands.Add(make);
        list.Subcommands.Add(retire);
        return new Command("links", "Signed links.") { list };
    }

    /// <summary>Writes every key, the one that signs first.</summary>
    public static async Task<int> ListAsync(LinkKeyStore store, SignedLinkOptions options, DateTimeOffset now, TextWriter output, CancellationToken ct)
    {
        var keys = await store.ListAsync(ct).ConfigureAwait(false);
        var configuredOnly = options.Keys.Keys.Where(id => keys.All(k => k.Id != id)).Order(StringComparer.Ordinal).ToList();
        var signing = keys.Where(k => k.Signing).Select(k => k.Id).ToList();
        await output.WriteLineAsync(
            $"{keys.Count + configuredOnly.Count} link key(s); signing new links: {(signing.Count > 0 ? string.Join(", ", signing) : "none recorded yet (no host has started)")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  {"id",-8} {"state",-10} {"signed from",-17} {"until",-17} {"its links work until",-21} origin").ConfigureAwait(false);
        foreach (var key in keys.OrderByDescending(k => k.Signing).ThenBy(k => k.Id, StringComparer.Ordinal))
        {
            var state = key.RetiredAt is not null ? "retired" : key.Signing ? "signing" : key.CurrentSince is null ? "unused" : "verifying";
            var liveUntil = key.LinksLiveUntil(options.LongestLinkLifetime) switch
            {
                null => "-",
                { } until when until == DateTimeOffset.MaxValue => "(still signing)",
                { } until => Stamp(until) + (until <= now ? " (passed)" : ""),
            };
            await output.WriteLineAsync(
                $"  {key.Id,-8} {state,-10} {Stamp(key.CurrentSince),-17} {(key.Signing ? "now" : Stamp(key.SupersededAt)),-17} {liveUntil,-21} {key.Origin}{(key.Key is null ? "" : ", stored")}").ConfigureAwait(false);
        }

        foreach (var id in configuredOnly)
        {
            await output.WriteLineAsync($"  {id,-8} {"unused",-10} {"-",-17} {"-",-17} {"-",-21} configured in Links:Keys here, not yet used by a host").ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Makes and stores a key, and says how to sign with it.</summary>
    public static async Task<int> NewAsync(LinkKeyStore store, DateTimeOffset now, TextWriter output, CancellationToken ct)
    {
        var key = await store.CreateAsync(now, ct).ConfigureAwait(false);
        await output.WriteLineAsync(
            $"made link key '{key.Id}' (stored; every host verifies it from its next start). Set Links:CurrentKeyId={key.Id} and restart to sign new links with it; the keys before it keep verifying.").ConfigureAwait(false);
        return 0;
    }

    /// <summary>Retires a key, unless links it signed still work and <paramref name="force"/> is off.</summary>
    public static async Task<int> RetireAsync(LinkKeyStore store, SignedLinkOptions options, string keyId, bool force, DateTimeOffset now, TextWriter output, CancellationToken ct)
    {
        var key = (await store.ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(k => k.Id == keyId)
            ?? throw new InvalidOperationException($"no link key '{keyId}' is recorded (links keys lists them)");
        if (key.RetirementRisk(now, options.LongestLinkLifetime) is { } risk && !(force && !key.Signing))
        {
            throw new InvalidOperationException(key.Signing ? risk : risk + "; pass --force to retire it anyway");
        }

        await store.RetireAsync(keyId, now, ct).ConfigureAwait(false);
        await output.WriteLineAsync($"retired link key '{keyId}': hosts started from now on refuse links it signed").ConfigureAwait(false);
        return 0;
    }

    private static string Stamp(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture) : "-";

    private static async Task<int> WithServicesAsync(Func<LinkKeyStore, SignedLinkOptions, Task<int>> run)
    {
        await using var services = CliServices.Create();
        return await run(services.GetRequiredService<LinkKeyStore>(), services.GetRequiredService<SignedLinkOptions>()).ConfigureAwait(false);
    }
}
