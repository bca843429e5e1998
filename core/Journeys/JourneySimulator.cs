namespace Reactivation.Core.Journeys;

/// <summary>Runs a definition against a scripted user on a simulated clock, with no storage: the exact timeline the engine would produce.</summary>
/// <remarks>It drives <see cref="JourneyDecider"/> exactly as the engine does, answering sends itself, so what it prints is what production decides.</remarks>
public static class JourneySimulator
{
    /// <summary>Runs until the instance ends or <paramref name="horizon"/> passes.</summary>
    public static Simulation Run(
        JourneyDefinition definition, JourneyContext context, SimulationScript script, DateTimeOffset start, TimeSpan horizon, StepperOptions options,
        string userId = "simulated-user", bool heldOut = false)
    {
        var state = JourneyState.New(definition, userId, 1, context, heldOut, start);
        var events = new List<Events.JourneyEvent>();
        var sends = new List<SendCommand>();
        var inbox = new List<InboundEvent>();
        var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
        var delivered = 0;
        var now = start;
        var decision = JourneyDecider.Run(definition, state, JourneyTrigger.Start, inbox, now, options);
        for (var guard = 0; guard < 100_000; guard++)
        {
            state = decision.State;
            events.AddRange(decision.Events);
            if (decision.Commands.OfType<SendCommand>().FirstOrDefault() is { } send)
            {
                sends.Add(send);
                var attempt = attempts[send.StepId] = attempts.GetValueOrDefault(send.StepId) + 1;
                var result = script.Failures.TryGetValue(send.StepId, out var failure) && attempt <= failure.Attempts
                    ? new SendResult(failure.Status, $"scripted {failure.Status} on attempt {attempt}")
                    : SendResult.Sent();
                decision = JourneyDecider.Run(definition, state, new SendResultTrigger(send.SendKey, result), inbox, now, options);
                continue;
            }

            if (state.IsTerminal)
            {
                break;
            }

            DateTimeOffset? due = state.Waiting != WaitingFor.Nothing ? state.DueAt : null;
            DateTimeOffset? nextEvent = delivered < script.Events.Count ? start + script.Events[delivered].Offset : null;
            var next = (due, nextEvent) switch
            {
                ({ } d, { } e) => d < e ? d : e,
                ({ } d, null) => d,
                (null, { } e) => e,
                _ => (DateTimeOffset?)null,
            };
            if (next is null || next > start + horizon)
            {
                break;
            }

            now = next.Value < now ? now : next.Value;
            while (delivered < script.Events.Count && start + script.Events[delivered].Offset <= now)
            {
                var scripted = script.Events[delivered];
                inbox.Add(new InboundEvent($"script-{delivered}", scripted.Name, start + scripted.Offset, scripted.Channel));
                delivered++;
            }

            decision = JourneyDecider.Run(definition, state, JourneyTrigger.Wake, inbox, now, options);
        }

        return new Simulation(events, sends, state);
    }
}

/// <summary>What a simulation produced.</summary>
/// <param name="Events">Every typed event, in order.</param>
/// <param name="Sends">Every send command issued (retries included).</param>
/// <param name="Final">The state at the end.</param>
public sealed record Simulation(IReadOnlyList<Events.JourneyEvent> Events, IReadOnlyList<SendCommand> Sends, JourneyState Final)
{
    /// <summary>The events as readable lines, as <c>simulate</c> prints them.</summary>
    public IReadOnlyList<HistoryEntry> Timeline => JourneyTimeline.Lines(Events);
}
