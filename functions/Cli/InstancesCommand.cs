using System.CommandLine;
using System.Text.Json;
using Reactivation.Core.Journeys;
using Reactivation.Functions.Api;
using Reactivation.Functions.Hosting;
using Microsoft.DurableTask.Client;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Orchestration;

namespace Reactivation.Functions.Cli;

/// <summary><c>instances start|status|list|raise|suspend|resume|terminate|purge</c>: the management API's verbs, through Durable's client on the task hub directly.</summary>
public static class InstancesCommand
{
    private static readonly JsonSerializerOptions Output = new(JourneyStateJson.Options) { WriteIndented = true };

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("instances", "Start, inspect and control journey instances.");
        var id = new Argument<string>("instance") { Description = "The instance id (journey~user~run)." };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the history)." };

        var journey = new Argument<string>("journey") { Description = "The journey id." };
        var user = new Argument<string>("user") { Description = "The user id." };
        var start = new Command("start", "Start a journey for a user (entry rules and cooldown do not apply; the one-journey rule does).") { journey, user };
        start.SetAction(async (result, ct) =>
        {
            await using var host = await CliServices.StartTaskHubAsync(ct).ConfigureAwait(false);
            var services = host.Services;
            await services.GetRequiredService<JourneyDefaults>().EnsureInstalledAsync(ct).ConfigureAwait(false);
            var started = await services.GetRequiredService<JourneyEnroller>()
                .StartAsync(services.GetRequiredService<DurableTaskClient>(), result.GetValue(journey)!, result.GetValue(user)!, null, ct).ConfigureAwait(false);
            Console.WriteLine(started.Started ? $"started {started.InstanceId}" : $"not started: {started.Reason}");
            return started.Started ? 0 : 1;
        });

        var history = new Option<bool>("--history") { Description = "Include the history." };
        var status = new Command("status", "Show an instance's status.") { id, history };
        status.SetAction(async (result, ct) =>
        {
            await using var host = await CliServices.StartTaskHubAsync(ct).ConfigureAwait(false);
            var store = host.Services.GetRequiredService<JourneyStore>();
            var instanceId = result.GetValue(id)!;
            if (await FindAsync(host.Services.GetRequiredService<DurableTaskClient>(), instanceId, ct).ConfigureAwait(false) is not { } found)
            {
                return 1;
            }

            var entries = result.GetValue(history) ? await store.HistoryAsync(instanceId, ct).ConfigureAwait(false) : null;
            Console.WriteLine(JsonSerializer.Serialize(InstanceView.Of(found, entries), Output));
            return 0;
        });

        var journeyFilter = new Option<string?>("--journey") { Description = "Only this journey." };
        var statusFilter = new Option<InstanceStatus[]>("--status") { Description = "Only these statuses.", AllowMultipleArgumentsPerToken = true };
        var top = new Option<int>("--top") { Description = "At most this many.", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List instances.") { journeyFilter, statusFilter, top };
        list.SetAction(async (result, ct) =>
        {
            await using var host = await CliServices.StartTaskHubAsync(ct).ConfigureAwait(false);
            var statuses = result.GetValue(statusFilter);
            var (instances, _) = await JourneyInstances.ListAsync(
                host.Services.GetRequiredService<DurableTaskClient>(), new InstanceQuery(result.GetValue(journeyFilter), statuses is { Length: > 0 } ? statuses : null, null, null),
                result.GetValue(top), null, ct).ConfigureAwait(false);
            foreach (var instance in instances)
            {
                Console.WriteLine($"{instance.InstanceId,-48} {instance.Status,-10} {instance.State.Step,-16} {instance.Output?.Outcome}");
            }

            return 0;
        });

        var eventName = new Argument<string>("event") { Description = "The event name (click, return, reply, optOut, complaint, ...)." };
        var eventId = new Option<string?>("--event-id") { Description = "An id for deduplication." };
        var channel = new Option<Channel?>("--channel") { Description = "The channel the event concerns." };
        var raise = new Command("raise", "Raise an event on an instance.") { id, eventName, eventId, channel };
        raise.SetAction(async (result, ct) =>
        {
            await using var host = await CliServices.StartTaskHubAsync(ct).ConfigureAwait(false);
            var outcome = await host.Services.GetRequiredService<JourneyEvents>().RaiseAsync(
                host.Services.GetRequiredService<DurableTaskClient>(), result.GetValue(id)!, result.GetValue(eventName)!, result.GetValue(eventId), result.GetValue(channel), null, ct)
                .ConfigureAwait(false);
            Console.WriteLine(outcome);
            return outcome is RaiseOutcome.Accepted ? 0 : 1;
        });

        command.Subcommands.Add(start);
        command.Subcommands.Add(status);
        command.Subcommands.Add(list);
        command.Subcommands.Add(raise);
        command.Subcommands.Add(Control("suspend", "Pause an instance.", id, reason, (s, i, r, ct) => JourneyInstances.SuspendAsync(s.GetRequiredService<DurableTaskClient>(), i, r, ct)));
        command.Subcommands.Add(Control("resume", "Resume a suspended instance.", id, reason, (s, i, r, ct) => JourneyInstances.ResumeAsync(s.GetRequiredService<DurableTaskClient>(), i, r, ct)));
        command.Subcommands.Add(Control("terminate", "End an instance now.", id, reason, (s, i, r, ct) =>
            JourneyInstances.TerminateAsync(s.GetRequiredService<DurableTaskClient>(), s.GetRequiredService<JourneyStore>(), s.GetRequiredService<TimeProvider>(), i, r, ct)));

        var purge = new Command("purge", "Delete an ended instance and its history.") { id };
        purge.SetAction(async (result, ct) =>
        {
            await using var host = await CliServices.StartTaskHubAsync(ct).ConfigureAwait(false);
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            var instanceId = result.GetValue(id)!;
            if (await FindAsync(client, instanceId, ct).ConfigureAwait(false) is not { } found)
            {
                return 1;
            }

            if (!found.IsTerminal)
            {
                await Console.Error.WriteLineAsync($"{instanceId} is still {found.Status}; terminate it first").ConfigureAwait(false);
                return 1;
            }

            await JourneyInstances.PurgeOneAsync(client, host.Services.GetRequiredService<JourneyStore>(), instanceId, ct).ConfigureAwait(false);
            Console.WriteLine($"purged {instanceId}");
            return 0;
        });
        command.Subcommands.Add(purge);
        return command;
    }

    private static async Task<JourneyInstance?> FindAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        var found = JourneyStore.IsInstanceId(instanceId) ? await JourneyInstances.GetAsync(client, instanceId, cancellationToken).ConfigureAwait(false) : null;
        if (found is null)
        {
            await Console.Error.WriteLineAsync($"no instance '{instanceId}'").ConfigureAwait(false);
        }

        return found;
    }

    private static Command Control(
        string name, string description, Argument<string> id, Option<string?> reason, Func<IServiceProvider, string, string?, CancellationToken, Task<ControlOutcome>> control)
    {
        var command = new Command(name, description) { id, reason };
        command.SetAction(async (result, ct) =>
        {
            await using var host = await CliServices.StartTaskHubAsync(ct).ConfigureAwait(false);
            var outcome = await control(host.Services, result.GetValue(id)!, result.GetValue(reason), ct).ConfigureAwait(false);
            Console.WriteLine(outcome);
            return outcome == ControlOutcome.Accepted ? 0 : 1;
        });
        return command;
    }
}
