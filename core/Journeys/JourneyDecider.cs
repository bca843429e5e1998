using Reactivation.Core.Journeys.Events;

namespace Reactivation.Core.Journeys;

/// <summary>
/// The journey's only decision-maker, as a Decider: <see cref="Decide"/> turns <c>(definition, state, trigger, inbox,
/// now)</c> into typed <see cref="JourneyEvent"/>s, <see cref="Evolve"/> folds each event into the state, and the commands
/// (send, wake, finish) follow from the events. No storage, clock or randomness: splits and holdouts hash ids, time comes
/// in as <c>now</c>.
/// </summary>
/// <remarks>
/// Timers and events are applied in time order: a timer due before an event fires first, and an event received at or
/// before a timer's due instant wins the race. Steps that need no waiting (branch, split, exit, skipped or held-out
/// sends) run in the same decision; a decision stops at a send (the shell must call the channel) or a wait.
/// </remarks>
public static class JourneyDecider
{
    /// <summary>Steps one decision may run before it is declared a loop with no wait.</summary>
    public const int MaxStepsPerDecision = 500;

    /// <summary>The events <paramref name="trigger"/> causes in <paramref name="state"/> (none when nothing is due).</summary>
    /// <param name="definition">The definition version the instance runs.</param>
    /// <param name="state">The committed state.</param>
    /// <param name="trigger">What happened.</param>
    /// <param name="inbox">Every event stored for the instance (consumed ones are skipped by id).</param>
    /// <param name="now">The current time.</param>
    /// <param name="options">Engine settings.</param>
    public static IReadOnlyList<JourneyEvent> Decide(
        JourneyDefinition definition, JourneyState state, JourneyTrigger trigger, IReadOnlyList<InboundEvent> inbox, DateTimeOffset now, StepperOptions options) =>
        Run(definition, state, trigger, inbox, now, options).Events;

    /// <summary>Decides, folds the events into the state and derives the commands: everything the shell commits and runs.</summary>
    /// <param name="definition">The definition version the instance runs.</param>
    /// <param name="state">The committed state.</param>
    /// <param name="trigger">What happened.</param>
    /// <param name="inbox">Every event stored for the instance (consumed ones are skipped by id).</param>
    /// <param name="now">The current time.</param>
    /// <param name="options">Engine settings.</param>
    public static JourneyDecision Run(
        JourneyDefinition definition, JourneyState state, JourneyTrigger trigger, IReadOnlyList<InboundEvent> inbox, DateTimeOffset now, StepperOptions options)
    {
        var run = new Transition(definition, state, now, options);
        run.Apply(trigger, inbox);
        return run.Result();
    }

    /// <summary>Folds one event into the state: the only place a journey's state changes.</summary>
    public static JourneyState Evolve(JourneyState state, JourneyEvent e) => e switch
    {
        Enrolled => state,
        Started => state with { Status = InstanceStatus.Running, Waiting = WaitingFor.Nothing, DueAt = null },
        StepEntered entered => state with { Step = entered.StepId, StepEnteredAt = entered.At, Visits = state.Visits.SetItem(entered.StepId, entered.Visit) },
        SendHeldOut => state with { HeldOutSends = state.HeldOutSends + 1 },
        SendSkipped => ClearWait(state) with { Skips = state.Skips + 1 },
        SendDecided send => state with
        {
            Waiting = WaitingFor.SendResult,
            DueAt = send.AnswerBy,
            PendingSendKey = send.SendKey,
            Attempt = send.Attempt,
            FirstAttemptAt = send.Note is null ? send.At : state.FirstAttemptAt,
        },
        Sent sent => ClearWait(state) with
        {
            Sends = state.Sends + 1,
            Offers = sent.KeptOffer is { } offer ? state.Offers.SetItem(sent.StepId, offer) : state.Offers,
        },
        SendDeferred deferred => state with { Waiting = WaitingFor.Retry, DueAt = deferred.RetryAt, FirstAttemptAt = deferred.RetryAt },
        SendSuppressed => state with { Skips = state.Skips + 1 },
        RetryScheduled retry => state with { Waiting = WaitingFor.Retry, DueAt = retry.RetryAt, Attempt = retry.FailedAttempt + 1 },
        SendFailed => ClearWait(state),
        WaitStarted wait => state with { Waiting = wait.ForEvents ? WaitingFor.Event : WaitingFor.Timer, DueAt = wait.Until },
        Waited or TimedOut => ClearWait(state),
        EventReceived received => Received(state, received),
        EventIgnored ignored => state with { ConsumedEvents = state.ConsumedEvents.Add(ignored.EventId) },
        Branched => state,
        VariantAssigned assigned => state with { Variants = state.Variants.SetItem(assigned.StepId, assigned.Variant) },
        Exited exited => ClearWait(state) with
        {
            Status = exited.Outcome switch
            {
                JourneyOutcome.Failed => InstanceStatus.Failed,
                JourneyOutcome.Terminated => InstanceStatus.Terminated,
                _ => InstanceStatus.Completed,
            },
            Outcome = exited.Outcome,
            Reason = exited.Reason,
            CompletedAt = exited.EndedAt,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "an event type Evolve does not know"),
    };

    private static JourneyState Received(JourneyState state, EventReceived received)
    {
        var next = state with { ConsumedEvents = state.ConsumedEvents.Add(received.EventId) };
        if (received.Awaited)
        {
            next = ClearWait(next);
        }

        if (received.Name == JourneyEventNames.OptOut)
        {
            var channels = received.Channel is { } one ? [one] : Enum.GetValues<Channel>();
            next = next with { OptedOut = [.. next.OptedOut.Union(channels).Distinct().Order()] };
        }

        return next;
    }

    private static JourneyState ClearWait(JourneyState state) =>
        state with { Waiting = WaitingFor.Nothing, DueAt = null, PendingSendKey = null, Attempt = 0, FirstAttemptAt = null };

    private sealed class Transition(JourneyDefinition definition, JourneyState start, DateTimeOffset now, StepperOptions options)
    {
        private readonly JourneyState _initial = start;
        private readonly List<JourneyCommand> _commands = [];
        private readonly List<JourneyEvent> _events = [];
        private JourneyState _state = start;
        private bool _sendIssued;

        public void Apply(JourneyTrigger trigger, IReadOnlyList<InboundEvent> inbox)
        {
            if (_state.IsTerminal)
            {
                return;
            }

            switch (trigger)
            {
                case FaultTrigger fault:
                    Finish(JourneyOutcome.Failed, $"error: {fault.Error}", now);
                    return;
                case SendResultTrigger result:
                    if (_state.Waiting == WaitingFor.SendResult && _state.PendingSendKey == result.SendKey)
                    {
                        ApplySendResult(result.Result);
                    }

                    break;
            }

            if (_state.Status == InstanceStatus.Pending)
            {
                // A start, or a wake for an instance whose start message was lost: either way, begin.
                Emit(new Started(now, _state.HeldOut));
                Enter(definition.Start, now);
            }

            Advance(inbox);
        }

        public JourneyDecision Result()
        {
            if (_events.Count == 0)
            {
                return new JourneyDecision(_initial, [], []);
            }

            // A waiting instance is told when to look again; the orchestration races that timer against its events.
            if (_state.Status == InstanceStatus.Running && _state.Waiting is WaitingFor.Timer or WaitingFor.Event or WaitingFor.Retry && _state.DueAt is { } due)
            {
                _commands.Add(new ScheduleWakeCommand(due));
            }

            var state = _state with
            {
                Sequence = _initial.Sequence + 1,
                UpdatedAt = now,
                HistoryCount = _initial.HistoryCount + JourneyTimeline.CountLines(_events),
            };
            return new JourneyDecision(state, _commands, _events);
        }

        private void Emit(JourneyEvent e)
        {
            _events.Add(e);
            _state = Evolve(_state, e);
        }

        // Applies due timers and actionable events in time order until neither is left or a send must go out.
        private void Advance(IReadOnlyList<InboundEvent> inbox)
        {
            for (var guard = 0; guard < MaxStepsPerDecision && !_state.IsTerminal && !_sendIssued; guard++)
            {
                var timer = _state.Waiting != WaitingFor.Nothing && _state.DueAt is { } due && due <= now ? due : (DateTimeOffset?)null;
                var next = NextActionableEvent(inbox);
                if (timer is { } at && (next is null || at < next.ReceivedAt))
                {
                    Fire(at);
                }
                else if (next is not null)
                {
                    Take(next);
                }
                else
                {
                    return;
                }
            }
        }

        private InboundEvent? NextActionableEvent(IReadOnlyList<InboundEvent> inbox)
        {
            InboundEvent? first = null;
            foreach (var candidate in inbox)
            {
                if (_state.ConsumedEvents.Contains(candidate.Id) || !IsActionable(candidate))
                {
                    continue;
                }

                if (first is null || candidate.ReceivedAt < first.ReceivedAt
                    || (candidate.ReceivedAt == first.ReceivedAt && string.CompareOrdinal(candidate.Id, first.Id) < 0))
                {
                    first = candidate;
                }
            }

            return first;
        }

        private bool IsActionable(InboundEvent candidate) =>
            JourneyEventNames.IsGlobal(candidate.Name) || AwaitedPath(candidate) is not null;

        private EventPath? AwaitedPath(InboundEvent candidate) =>
            _state.Waiting == WaitingFor.Event && _state.Step is { } step && definition.Step(step) is WaitForStep waitFor
            && (_state.DueAt is null || candidate.ReceivedAt <= _state.DueAt)
                ? waitFor.Events.FirstOrDefault(e => string.Equals(e.Event, candidate.Name, StringComparison.Ordinal))
                : null;

        private void Take(InboundEvent received)
        {
            // An event never acts earlier than the step it lands in began, nor later than now.
            var at = received.ReceivedAt > now ? now : received.ReceivedAt;
            if (_state.StepEnteredAt is { } entered && at < entered)
            {
                at = entered;
            }

            if (received.ReceivedAt < _state.CreatedAt)
            {
                Emit(new EventIgnored(at, _state.Step, received.Id, received.Name));
                return;
            }

            if (AwaitedPath(received) is { } path)
            {
                Emit(new EventReceived(at, _state.Step, received.Id, received.Name, received.Channel, Awaited: true));
                Enter(path.Next, at);
                return;
            }

            Emit(new EventReceived(at, _state.Step, received.Id, received.Name, received.Channel, Awaited: false));
            switch (received.Name)
            {
                case JourneyEventNames.Return:
                    Finish(JourneyOutcome.Reactivated, "the user returned", at);
                    break;
                case JourneyEventNames.Complaint:
                    Finish(JourneyOutcome.Complained, "the user complained", at);
                    break;
                case JourneyEventNames.OptOut when _state.Context.Reachable.All(c => _state.OptedOut.Contains(c)):
                    Finish(JourneyOutcome.OptedOut, "the user opted out of every channel the journey can use", at);
                    break;
            }
        }

        private void Fire(DateTimeOffset due)
        {
            var step = _state.Step is null ? null : definition.FindStep(_state.Step);
            switch (_state.Waiting, step)
            {
                case (WaitingFor.Timer, WaitStep wait):
                    Emit(new Waited(due, wait.Id, WaitEnd.Elapsed));
                    Enter(wait.Next, due);
                    break;
                case (WaitingFor.Event, WaitForStep waitFor):
                    Emit(new TimedOut(due, waitFor.Id, [.. waitFor.Events.Select(e => e.Event)], waitFor.Timeout));
                    Enter(waitFor.OnTimeout, due);
                    break;
                case (WaitingFor.Retry, SendStep send):
                    IssueSend(send, _state.PendingSendKey!, _state.Attempt, "retrying");
                    break;
                case (WaitingFor.SendResult, SendStep send):
                    // The shell committed the send but no result followed in time (a crash, most likely): send again
                    // under the same key, which the channel recognises, so the user gets one message at most.
                    IssueSend(send, _state.PendingSendKey!, _state.Attempt, "reconciling an unanswered send");
                    break;
                default:
                    Finish(JourneyOutcome.Failed, $"the instance was waiting ({_state.Waiting}) at a step that cannot wait: {_state.Step}", due);
                    break;
            }
        }

        private void Enter(string stepId, DateTimeOffset at)
        {
            for (var guard = 0; guard < MaxStepsPerDecision; guard++)
            {
                if (definition.FindStep(stepId) is not { } step)
                {
                    Finish(JourneyOutcome.Failed, $"the definition has no step '{stepId}'", at);
                    return;
                }

                var visit = _state.Visits.GetValueOrDefault(stepId) + 1;
                Emit(new StepEntered(at, stepId, visit));
                switch (step)
                {
                    case SendStep send:
                        if (_state.HeldOut)
                        {
                            Emit(new SendHeldOut(at, send.Id, send.Template, send.Channel));
                            stepId = send.Next;
                            continue;
                        }

                        if (_state.OptedOut.Contains(send.Channel))
                        {
                            Emit(new SendSkipped(at, send.Id, NotSentReason.OptedOut, $"opted out of {Name(send.Channel)}"));
                            stepId = send.Next;
                            continue;
                        }

                        if (!_state.Context.Reachable.Contains(send.Channel))
                        {
                            Emit(new SendSkipped(at, send.Id, NotSentReason.NoContactPoint, $"no contact point for {Name(send.Channel)}"));
                            stepId = send.Next;
                            continue;
                        }

                        if (send.RemindsOf is { } remindsOf && !_state.Offers.ContainsKey(remindsOf))
                        {
                            Emit(new SendSkipped(at, send.Id, NotSentReason.NoOfferToRemind, $"{remindsOf} issued no offer to remind of"));
                            stepId = send.Next;
                            continue;
                        }

                        IssueSend(send, JourneyState.SendKeyFor(_state.InstanceId, send.Id, visit), 1, null);
                        return;
                    case WaitStep { BeforeExpiryOf: { } offerStep } reminder:
                        if (!_state.Offers.TryGetValue(offerStep, out var issued) || issued.ExpiresAt <= at)
                        {
                            Emit(new Waited(at, reminder.Id, issued is null ? WaitEnd.NoOffer : WaitEnd.OfferExpired, offerStep, issued?.ExpiresAt));
                            stepId = reminder.IfNoOffer!;
                            continue;
                        }

                        var remindAt = issued.ExpiresAt - (reminder.Before ?? WaitStep.DefaultBeforeExpiry);
                        if (reminder.Window is { } remindWindow)
                        {
                            remindAt = remindWindow.NextOpening(remindAt, _state.Context.ZoneOr(options.DefaultTimeZone));
                        }

                        if (remindAt <= at)
                        {
                            Emit(new Waited(at, reminder.Id, WaitEnd.InsideReminderTime, offerStep, issued.ExpiresAt));
                            stepId = reminder.Next;
                            continue;
                        }

                        Emit(new WaitStarted(at, reminder.Id, remindAt, [], offerStep, issued.ExpiresAt));
                        return;
                    case WaitStep wait:
                        var due = at + (wait.Duration ?? TimeSpan.Zero);
                        if (wait.Window is { } window)
                        {
                            due = window.NextOpening(due, _state.Context.ZoneOr(options.DefaultTimeZone));
                        }

                        if (due <= at)
                        {
                            Emit(new Waited(at, wait.Id, WaitEnd.InsideWindow));
                            stepId = wait.Next;
                            continue;
                        }

                        Emit(new WaitStarted(at, wait.Id, due, []));
                        return;
                    case WaitForStep waitFor:
                        Emit(new WaitStarted(at, waitFor.Id, at + waitFor.Timeout, [.. waitFor.Events.Select(e => e.Event)]));
                        return;
                    case BranchStep branch:
                        var taken = branch.Cases.FirstOrDefault(c => c.When.Matches(_state.Context, _state));
                        stepId = taken?.Next ?? branch.Otherwise;
                        Emit(new Branched(at, branch.Id, taken is null ? null : IndexOf(branch, taken), stepId));
                        continue;
                    case SplitStep split:
                        var variant = split.Assign(_state.UserId, _state.JourneyId);
                        Emit(new VariantAssigned(at, split.Id, variant.Name, variant.Next));
                        stepId = variant.Next;
                        continue;
                    case ExitStep exit:
                        Finish(exit.Outcome, $"exit step {exit.Id}", at);
                        return;
                }
            }

            Finish(JourneyOutcome.Failed, $"more than {MaxStepsPerDecision} steps without a wait, starting at {stepId}", at);
        }

        private void IssueSend(SendStep send, string key, int attempt, string? note)
        {
            Emit(new SendDecided(now, send.Id, key, attempt, send.Template, send.Channel, now + options.SendTimeout, note));
            var variant = _state.Variants.IsEmpty ? null : string.Join(",", _state.Variants.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Value));
            var reminded = send.RemindsOf is { } of ? _state.Offers.GetValueOrDefault(of) : null;
            _commands.Add(new SendCommand(key, send.Id, send.Channel, send.Template, send.Offer, attempt, variant, send.FallbackTemplate, reminded));
            _sendIssued = true;
        }

        private void ApplySendResult(SendResult result)
        {
            var send = (SendStep)definition.Step(_state.Step!);
            var key = _state.PendingSendKey!;
            var detail = result.Detail ?? result.Status.ToString();
            switch (result.Status)
            {
                case SendStatus.Sent:
                    Emit(new Sent(now, send.Id, key, result.ProviderId, send.RemindsOf is null ? result.Offer : null));
                    Enter(send.Next, now);
                    break;
                case SendStatus.Skipped:
                    Emit(new SendSkipped(now, send.Id, result.Reason ?? NotSentReason.SendError, detail));
                    Enter(send.Next, now);
                    break;
                case SendStatus.Deferred when result.NotBefore is { } notBefore:
                    // Nothing went out, so this is not a failed attempt: the same attempt goes again when the policy allows,
                    // and the retry policy's clock starts then.
                    Emit(new SendDeferred(now, send.Id, result.Reason ?? NotSentReason.QuietHours, detail, notBefore > now ? notBefore : now));
                    break;
                case SendStatus.Suppressed:
                    Emit(new SendSuppressed(now, send.Id, result.Reason ?? NotSentReason.Fatigue, detail));
                    Finish(JourneyOutcome.Suppressed, $"{send.Id}: {detail}", now);
                    break;
                case SendStatus.TransientFailure when (send.Retry ?? RetryPolicy.Default).NextAttemptAt(_state.Attempt, _state.FirstAttemptAt ?? now, now) is { } policyAt:
                    var retryAt = result.RetryAfter is { } after && now + after > policyAt ? now + after : policyAt;
                    Emit(new RetryScheduled(now, send.Id, _state.Attempt, detail, retryAt));
                    break;
                default:
                    var exhausted = result.Status == SendStatus.TransientFailure;
                    var reason = exhausted ? $"retries exhausted after {_state.Attempt} attempts: {detail}" : detail;
                    Emit(new SendFailed(now, send.Id, exhausted ? NotSentReason.RetriesExhausted : result.Reason ?? NotSentReason.ProviderRefused, reason));
                    if (send.OnFailure is { } onFailure)
                    {
                        Enter(onFailure, now);
                    }
                    else
                    {
                        Finish(JourneyOutcome.Failed, $"{send.Id} failed: {reason}", now);
                    }

                    break;
            }
        }

        private void Finish(JourneyOutcome outcome, string reason, DateTimeOffset at)
        {
            Emit(new Exited(at, _state.Step, outcome, reason, now));
            _commands.Add(new FinishCommand(outcome));
        }

        private static int IndexOf(BranchStep branch, BranchCase taken)
        {
            for (var i = 0; i < branch.Cases.Count; i++)
            {
                if (ReferenceEquals(branch.Cases[i], taken))
                {
                    return i;
                }
            }

            return -1;
        }

        private static string Name<T>(T value)
            where T : struct, Enum
        {
            var text = value.ToString();
            return char.ToLowerInvariant(text[0]) + text[1..];
        }
    }
}
