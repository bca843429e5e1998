using System.Globalization;

namespace Reactivation.Core.Journeys;

/// <summary>
/// The journey engine's only decision-maker: <c>(definition, state, trigger, inbox, now) -> (state, commands, history)</c>.
/// No storage, clock or randomness: splits and holdouts hash ids, time comes in as <c>now</c>.
/// </summary>
/// <remarks>
/// Timers and events are applied in time order: a timer due before an event fires first, and an event received at or
/// before a timer's due instant wins the race. Steps that need no waiting (branch, split, exit, skipped or held-out
/// sends) run in the same decision; a decision stops at a send (the shell must call the channel) or a wait.
/// </remarks>
public static class JourneyStepper
{
    /// <summary>Steps one decision may run before it is declared a loop with no wait.</summary>
    public const int MaxStepsPerDecision = 500;

    /// <summary>Decides what <paramref name="trigger"/> does to <paramref name="state"/>.</summary>
    /// <param name="definition">The definition version the instance runs.</param>
    /// <param name="state">The committed state.</param>
    /// <param name="trigger">What happened.</param>
    /// <param name="inbox">Every event stored for the instance (consumed ones are skipped by id).</param>
    /// <param name="now">The current time.</param>
    /// <param name="options">Engine settings.</param>
    public static JourneyDecision Decide(
        JourneyDefinition definition, JourneyState state, JourneyTrigger trigger, IReadOnlyList<JourneyEvent> inbox, DateTimeOffset now, StepperOptions options)
    {
        var run = new Transition(definition, state, now, options);
        run.Apply(trigger, inbox);
        return run.Result();
    }

    private sealed class Transition(JourneyDefinition definition, JourneyState start, DateTimeOffset now, StepperOptions options)
    {
        private readonly JourneyState _initial = start;
        private readonly List<JourneyCommand> _commands = [];
        private readonly List<HistoryEntry> _history = [];
        private JourneyState _state = start;
        private bool _sendIssued;
        private bool _wakeNeeded;

        public void Apply(JourneyTrigger trigger, IReadOnlyList<JourneyEvent> inbox)
        {
            if (_state.IsTerminal)
            {
                return;
            }

            switch (trigger)
            {
                case TerminateTrigger terminate:
                    Finish(JourneyOutcome.Terminated, terminate.Reason ?? "terminated", now);
                    return;
                case FaultTrigger fault:
                    Finish(JourneyOutcome.Failed, $"error: {fault.Error}", now);
                    return;
                case SuspendTrigger suspend:
                    if (_state.Status != InstanceStatus.Suspended)
                    {
                        _state = _state with { Status = InstanceStatus.Suspended, Reason = suspend.Reason };
                        Log(now, "suspended", _state.Step, suspend.Reason);
                    }

                    return;
                case ResumeTrigger resume:
                    if (_state.Status != InstanceStatus.Suspended)
                    {
                        return;
                    }

                    // Resuming only commits the status; the shell is told to wake the instance, which then catches up
                    // on whatever fell due while it was suspended (an operator's call never sends a message itself).
                    _state = _state with { Status = _state.Step is null ? InstanceStatus.Pending : InstanceStatus.Running, Reason = null };
                    Log(now, "resumed", _state.Step, resume.Reason);
                    _wakeNeeded = true;
                    return;
                case SendResultTrigger result when _state.Status != InstanceStatus.Suspended:
                    if (_state.Waiting == WaitingFor.SendResult && _state.PendingSendKey == result.SendKey)
                    {
                        ApplySendResult(result.Result);
                    }

                    break;
            }

            if (_state.Status == InstanceStatus.Suspended)
            {
                return;
            }

            if (_state.Status == InstanceStatus.Pending)
            {
                // A start, or a wake for an instance whose start message was lost: either way, begin.
                _state = _state with { Status = InstanceStatus.Running, Waiting = WaitingFor.Nothing, DueAt = null };
                Log(now, "started", null, _state.HeldOut ? "held out: nothing will be sent" : null);
                Enter(definition.Start, now);
            }

            Advance(inbox);
        }

        public JourneyDecision Result()
        {
            if (_history.Count == 0)
            {
                return new JourneyDecision(_initial, [], []);
            }

            // Every change bumps the sequence, which makes any timer message already queued stale, so a waiting
            // instance always gets a fresh one.
            if (_wakeNeeded)
            {
                _commands.Add(new ScheduleWakeCommand(_state.DueAt ?? now));
            }
            else if (_state.Status == InstanceStatus.Running && _state.Waiting is WaitingFor.Timer or WaitingFor.Event or WaitingFor.Retry && _state.DueAt is { } due)
            {
                _commands.Add(new ScheduleWakeCommand(due));
            }

            var state = _state with
            {
                Sequence = _initial.Sequence + 1,
                UpdatedAt = now,
                HistoryCount = _initial.HistoryCount + _history.Count,
            };
            return new JourneyDecision(state, _commands, _history);
        }

        // Applies due timers and actionable events in time order until neither is left or a send must go out.
        private void Advance(IReadOnlyList<JourneyEvent> inbox)
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

        private JourneyEvent? NextActionableEvent(IReadOnlyList<JourneyEvent> inbox)
        {
            JourneyEvent? first = null;
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

        private bool IsActionable(JourneyEvent candidate) =>
            JourneyEventNames.IsGlobal(candidate.Name) || AwaitedPath(candidate) is not null;

        private EventPath? AwaitedPath(JourneyEvent candidate) =>
            _state.Waiting == WaitingFor.Event && _state.Step is { } step && definition.Step(step) is WaitForStep waitFor
            && (_state.DueAt is null || candidate.ReceivedAt <= _state.DueAt)
                ? waitFor.Events.FirstOrDefault(e => string.Equals(e.Event, candidate.Name, StringComparison.Ordinal))
                : null;

        private void Take(JourneyEvent received)
        {
            // An event never acts earlier than the step it lands in began, nor later than now.
            var at = received.ReceivedAt > now ? now : received.ReceivedAt;
            if (_state.StepEnteredAt is { } entered && at < entered)
            {
                at = entered;
            }

            _state = _state with { ConsumedEvents = _state.ConsumedEvents.Add(received.Id) };
            if (received.ReceivedAt < _state.CreatedAt)
            {
                Log(at, "eventIgnored", _state.Step, $"{received.Name} ({received.Id}) happened before the journey started");
                return;
            }

            if (AwaitedPath(received) is { } path)
            {
                Log(at, "eventReceived", _state.Step, $"{received.Name} ({received.Id})");
                ClearWait();
                Enter(path.Next, at);
                return;
            }

            switch (received.Name)
            {
                case JourneyEventNames.Return:
                    Log(at, "eventReceived", _state.Step, $"{received.Name} ({received.Id})");
                    Finish(JourneyOutcome.Reactivated, "the user returned", at);
                    break;
                case JourneyEventNames.Complaint:
                    Log(at, "eventReceived", _state.Step, $"{received.Name} ({received.Id})");
                    Finish(JourneyOutcome.Complained, "the user complained", at);
                    break;
                case JourneyEventNames.OptOut:
                    var channels = received.Channel is { } one ? [one] : Enum.GetValues<Channel>();
                    var optedOut = _state.OptedOut.Union(channels).Distinct().Order().ToArray();
                    _state = _state with { OptedOut = [.. optedOut] };
                    Log(at, "eventReceived", _state.Step, $"{received.Name} ({received.Id}) from {(received.Channel is null ? "every channel" : Name(received.Channel.Value))}");
                    if (_state.Context.Reachable.All(c => _state.OptedOut.Contains(c)))
                    {
                        Finish(JourneyOutcome.OptedOut, "the user opted out of every channel the journey can use", at);
                    }

                    break;
            }
        }

        private void Fire(DateTimeOffset due)
        {
            var step = _state.Step is null ? null : definition.FindStep(_state.Step);
            switch (_state.Waiting, step)
            {
                case (WaitingFor.Timer, WaitStep wait):
                    Log(due, "waited", wait.Id, null);
                    ClearWait();
                    Enter(wait.Next, due);
                    break;
                case (WaitingFor.Event, WaitForStep waitFor):
                    Log(due, "timedOut", waitFor.Id, $"no {string.Join(" or ", waitFor.Events.Select(e => e.Event))} within {DurationText.Format(waitFor.Timeout)}");
                    ClearWait();
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
                _state = _state with { Step = stepId, StepEnteredAt = at, Visits = _state.Visits.SetItem(stepId, visit) };
                switch (step)
                {
                    case SendStep send:
                        if (_state.HeldOut)
                        {
                            _state = _state with { HeldOutSends = _state.HeldOutSends + 1 };
                            Log(at, "heldOut", send.Id, $"would have sent {send.Template} by {Name(send.Channel)}");
                            stepId = send.Next;
                            continue;
                        }

                        if (!_state.Context.Reachable.Contains(send.Channel) || _state.OptedOut.Contains(send.Channel))
                        {
                            _state = _state with { Skips = _state.Skips + 1 };
                            var why = _state.OptedOut.Contains(send.Channel) ? "opted out of" : "no contact point for";
                            Log(at, "skipped", send.Id, $"{why} {Name(send.Channel)}");
                            stepId = send.Next;
                            continue;
                        }

                        if (send.RemindsOf is { } remindsOf && !_state.Offers.ContainsKey(remindsOf))
                        {
                            _state = _state with { Skips = _state.Skips + 1 };
                            Log(at, "skipped", send.Id, $"{remindsOf} issued no offer to remind of");
                            stepId = send.Next;
                            continue;
                        }

                        _state = _state with { FirstAttemptAt = now };
                        IssueSend(send, JourneyState.SendKeyFor(_state.InstanceId, send.Id, visit), 1, null);
                        return;
                    case WaitStep { BeforeExpiryOf: { } offerStep } reminder:
                        if (!_state.Offers.TryGetValue(offerStep, out var issued) || issued.ExpiresAt <= at)
                        {
                            Log(at, "waited", reminder.Id, issued is null ? $"{offerStep} issued no offer" : $"the offer from {offerStep} expired at {Stamp(issued.ExpiresAt)}");
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
                            Log(at, "waited", reminder.Id, $"the offer from {offerStep} expires at {Stamp(issued.ExpiresAt)}, already inside the reminder time");
                            stepId = reminder.Next;
                            continue;
                        }

                        _state = _state with { Waiting = WaitingFor.Timer, DueAt = remindAt };
                        Log(at, "waiting", reminder.Id, $"until {Stamp(remindAt)}, before the offer from {offerStep} expires at {Stamp(issued.ExpiresAt)}");
                        return;
                    case WaitStep wait:
                        var due = at + (wait.Duration ?? TimeSpan.Zero);
                        if (wait.Window is { } window)
                        {
                            due = window.NextOpening(due, _state.Context.ZoneOr(options.DefaultTimeZone));
                        }

                        if (due <= at)
                        {
                            Log(at, "waited", wait.Id, "inside the window already");
                            stepId = wait.Next;
                            continue;
                        }

                        _state = _state with { Waiting = WaitingFor.Timer, DueAt = due };
                        Log(at, "waiting", wait.Id, $"until {Stamp(due)}");
                        return;
                    case WaitForStep waitFor:
                        _state = _state with { Waiting = WaitingFor.Event, DueAt = at + waitFor.Timeout };
                        Log(at, "waiting", waitFor.Id, $"for {string.Join(" or ", waitFor.Events.Select(e => e.Event))} until {Stamp(at + waitFor.Timeout)}");
                        return;
                    case BranchStep branch:
                        var taken = branch.Cases.FirstOrDefault(c => c.When.Matches(_state.Context, _state));
                        stepId = taken?.Next ?? branch.Otherwise;
                        Log(at, "branched", branch.Id, taken is null ? $"otherwise -> {stepId}" : $"case {IndexOf(branch, taken)} -> {stepId}");
                        continue;
                    case SplitStep split:
                        var variant = split.Assign(_state.UserId, _state.JourneyId);
                        _state = _state with { Variants = _state.Variants.SetItem(split.Id, variant.Name) };
                        Log(at, "assigned", split.Id, $"variant {variant.Name} -> {variant.Next}");
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
            _state = _state with
            {
                Waiting = WaitingFor.SendResult,
                DueAt = now + options.SendTimeout,
                PendingSendKey = key,
                Attempt = attempt,
            };
            var variant = _state.Variants.IsEmpty ? null : string.Join(",", _state.Variants.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Value));
            var reminded = send.RemindsOf is { } of ? _state.Offers.GetValueOrDefault(of) : null;
            _commands.Add(new SendCommand(key, send.Id, send.Channel, send.Template, send.Offer, attempt, variant, send.FallbackTemplate, reminded));
            Log(now, "sending", send.Id, $"{send.Template} by {Name(send.Channel)}, attempt {attempt}{(note is null ? "" : $" ({note})")}");
            _sendIssued = true;
        }

        private void ApplySendResult(SendResult result)
        {
            var send = (SendStep)definition.Step(_state.Step!);
            var key = _state.PendingSendKey;
            switch (result.Status)
            {
                case SendStatus.Sent:
                    _state = _state with
                    {
                        Sends = _state.Sends + 1,
                        Offers = result.Offer is { } offer && send.RemindsOf is null ? _state.Offers.SetItem(send.Id, offer) : _state.Offers,
                    };
                    Log(now, "sent", send.Id, result.ProviderId is null ? key : $"{key} ({result.ProviderId})");
                    ClearWait();
                    Enter(send.Next, now);
                    break;
                case SendStatus.Skipped:
                    _state = _state with { Skips = _state.Skips + 1 };
                    Log(now, "skipped", send.Id, result.Detail);
                    ClearWait();
                    Enter(send.Next, now);
                    break;
                case SendStatus.Deferred when result.NotBefore is { } notBefore:
                    // Nothing went out, so this is not a failed attempt: the same attempt goes again when the policy allows,
                    // and the retry policy's clock starts then.
                    _state = _state with { Waiting = WaitingFor.Retry, DueAt = notBefore > now ? notBefore : now, FirstAttemptAt = notBefore > now ? notBefore : now };
                    Log(now, "deferred", send.Id, result.Detail);
                    break;
                case SendStatus.Suppressed:
                    _state = _state with { Skips = _state.Skips + 1 };
                    Log(now, "suppressed", send.Id, result.Detail);
                    Finish(JourneyOutcome.Suppressed, $"{send.Id}: {result.Detail}", now);
                    break;
                case SendStatus.TransientFailure when (send.Retry ?? RetryPolicy.Default).NextAttemptAt(_state.Attempt, _state.FirstAttemptAt ?? now, now) is { } policyAt:
                    var retryAt = result.RetryAfter is { } after && now + after > policyAt ? now + after : policyAt;
                    _state = _state with { Waiting = WaitingFor.Retry, DueAt = retryAt, Attempt = _state.Attempt + 1 };
                    Log(now, "retryScheduled", send.Id, $"attempt {_state.Attempt - 1} failed ({result.Detail}); attempt {_state.Attempt} at {Stamp(retryAt)}");
                    break;
                default:
                    var reason = result.Status == SendStatus.TransientFailure ? $"retries exhausted after {_state.Attempt} attempts: {result.Detail}" : result.Detail;
                    Log(now, "sendFailed", send.Id, reason);
                    ClearWait();
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

        private void ClearWait() =>
            _state = _state with { Waiting = WaitingFor.Nothing, DueAt = null, PendingSendKey = null, Attempt = 0, FirstAttemptAt = null };

        private void Finish(JourneyOutcome outcome, string reason, DateTimeOffset at)
        {
            ClearWait();
            var status = outcome switch
            {
                JourneyOutcome.Failed => InstanceStatus.Failed,
                JourneyOutcome.Terminated => InstanceStatus.Terminated,
                _ => InstanceStatus.Completed,
            };
            _state = _state with { Status = status, Outcome = outcome, Reason = reason, CompletedAt = now };
            Log(at, outcome == JourneyOutcome.Terminated ? "terminated" : "exited", _state.Step, $"{Name(outcome)}: {reason}");
            _commands.Add(new FinishCommand(outcome));
        }

        private void Log(DateTimeOffset at, string kind, string? step, string? detail) => _history.Add(new HistoryEntry(at, kind, step, detail));

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

        private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static string Name<T>(T value)
            where T : struct, Enum
        {
            var text = value.ToString();
            return char.ToLowerInvariant(text[0]) + text[1..];
        }
    }
}
