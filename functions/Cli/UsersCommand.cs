using System.CommandLine;
using System.Globalization;
using Reactivation.Core.Policy;
using Reactivation.Infra.Policy;

namespace Reactivation.Functions.Cli;

/// <summary><c>users notsent USER</c>: why messages did not reach a user, from the why-not-sent ledger.</summary>
public static class UsersCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("users", "Look into one user's contact state.");
        var user = new Argument<string>("user") { Description = "The user id." };
        var limit = new Option<int>("--limit") { Description = "At most this many entries.", DefaultValueFactory = _ => 50 };
        var notSent = new Command("notsent", "Every message a journey did not send to the user, newest first, with the reason; then consent and recent touches.") { user, limit };
        notSent.SetAction(async (result, ct) =>
        {
            await using var services = CliServices.Create();
            await PrintNotSentAsync(services, result.GetValue(user)!, result.GetValue(limit), Console.Out, ct).ConfigureAwait(false);
            return 0;
        });
        command.Subcommands.Add(notSent);
        return command;
    }

    /// <summary>Writes the user's why-not-sent entries, consent flags and recent touches to <paramref name="output"/>.</summary>
    public static async Task PrintNotSentAsync(IServiceProvider services, string userId, int limit, TextWriter output, CancellationToken ct)
    {
        var entries = await services.GetRequiredService<NotSentLedger>().ReadAsync(userId, Math.Clamp(limit, 1, 1_000), ct).ConfigureAwait(false);
        var flags = await services.GetRequiredService<ConsentFlags>().GetAsync(userId, ct).ConfigureAwait(false);
        var rules = services.GetRequiredService<ContactPolicyOptions>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var (touches, engagedAt) = await services.GetRequiredService<ContactLedger>().ReadAsync(userId, now - rules.LookBack, ct).ConfigureAwait(false);

        await output.WriteLineAsync(entries.Count == 0 ? $"{userId}: no message was held back" : $"{userId}: {entries.Count} message(s) not sent").ConfigureAwait(false);
        foreach (var entry in entries)
        {
            await output.WriteLineAsync($"  {Stamp(entry.At)}  {entry.Kind,-10} {entry.JourneyId}/{entry.Step}  {entry.Reason}").ConfigureAwait(false);
        }

        foreach (var flag in flags)
        {
            await output.WriteLineAsync($"consent: {flag.Channel} {flag.Purpose} {flag.State} ({flag.Source}{(flag.Evidence is null ? "" : $" '{flag.Evidence}'")}, {Stamp(flag.At)})")
                .ConfigureAwait(false);
        }

        await output.WriteLineAsync($"marketing touches in the last {rules.LookBack.TotalDays:0} days: {touches.Count}; last answered: {(engagedAt is { } at ? Stamp(at) : "never")}")
            .ConfigureAwait(false);
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
