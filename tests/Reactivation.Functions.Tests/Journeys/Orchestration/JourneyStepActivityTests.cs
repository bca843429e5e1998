using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Audit;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Audit;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Orchestration;
using Reactivation.Infra.Policy;
using Xunit;

namespace Reactivation.Functions.Tests.Journeys.Orchestration;

// Durable runs an activity at least once: a worker that dies after the work and before its checkpoint runs it again.
public sealed class JourneyStepActivityTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_decision_whose_activity_runs_twice_sends_once_and_records_its_audit_and_history_once()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("twice");
        var (definition, state) = await StartingAsync(app, "twice", [Channel.Sms, Channel.Email]);
        var activity = app.Services.GetRequiredService<JourneyStepActivity>();

        var sending = JourneyDecider.Run(definition, state, JourneyTrigger.Start, [], app.Clock.GetUtcNow(), Options(app));
        var send = Assert.Single(sending.Commands.OfType<SendCommand>());
        var input = new JourneyStepInput(state, sending.State, sending.Events, send);
        var first = await activity.RunAsync(input, Ct);
        var again = await activity.RunAsync(input, Ct);
        var answered = JourneyDecider.Run(definition, sending.State, new SendResultTrigger(send.SendKey, first!), [], app.Clock.GetUtcNow(), Options(app));
        var recorded = new JourneyStepInput(sending.State, answered.State, answered.Events, null);
        Assert.Null(await activity.RunAsync(recorded, Ct));
        Assert.Null(await activity.RunAsync(recorded, Ct));

        Assert.Equal((SendStatus.Sent, SendStatus.Sent), (first!.Status, again!.Status));
        Assert.Single(await app.OutboxAsync("twice"));
        var audit = await app.Services.GetRequiredService<AuditTrail>().ReadAsync("twice", 50, Ct);
        Assert.Equal([AuditKinds.Send], audit.Select(e => e.Kind));
        var history = await app.Store.HistoryAsync(state.InstanceId, Ct);
        Assert.Equal(["started", "sending", "sent", "waiting"], history.Select(h => h.Kind));
    }

    [Fact]
    public async Task A_skip_recorded_twice_is_one_why_not_sent_entry_with_its_code()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("unreachable");
        var (definition, state) = await StartingAsync(app, "unreachable", []);
        var activity = app.Services.GetRequiredService<JourneyStepActivity>();

        var decision = JourneyDecider.Run(definition, state, JourneyTrigger.Start, [], app.Clock.GetUtcNow(), Options(app));
        var input = new JourneyStepInput(state, decision.State, decision.Events, null);
        await activity.RunAsync(input, Ct);
        await activity.RunAsync(input, Ct);

        var entry = Assert.Single(await app.Services.GetRequiredService<NotSentLedger>().ReadAsync("unreachable", 10, Ct));
        Assert.Equal(("sms", "skipped", "noContactPoint", "no contact point for sms"), (entry.Step, entry.Kind, entry.Code, entry.Reason));
    }

    private static async Task<(JourneyDefinition Definition, JourneyState State)> StartingAsync(JourneyTestApp app, string userId, Channel[] reachable)
    {
        var definition = await app.Services.GetRequiredService<JourneyLibrary>().GetAsync("probe", 1, Ct);
        var state = JourneyState.New(definition, userId, 1, new JourneyContext { Reachable = [.. reachable] }, heldOut: false, app.Clock.GetUtcNow());
        return (definition, state);
    }

    private static StepperOptions Options(JourneyTestApp app) => app.Services.GetRequiredService<JourneyOptions>().Stepper;
}
