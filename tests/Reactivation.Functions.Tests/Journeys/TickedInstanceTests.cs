using Microsoft.DurableTask.Client;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Orchestration;
using Xunit;

namespace Reactivation.Functions.Tests.Journeys;

public sealed class TickedInstanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);

    private static TickedInstance Instance(bool idle, WaitingFor waiting, DateTimeOffset? due) =>
        new("standard~u1~1", OrchestrationRuntimeStatus.Running,
            new JourneyStatus(new JourneyState { InstanceId = "standard~u1~1", JourneyId = "standard", Version = 1, UserId = "u1", CreatedAt = Now, Status = InstanceStatus.Running, Waiting = waiting, DueAt = due }, Tick: 3, Idle: idle));

    [Fact]
    public void An_instance_idle_on_a_wait_due_later_is_left_asleep() =>
        Assert.False(Instance(idle: true, WaitingFor.Event, Now.AddDays(6)).NeedsTickAt(Now));

    [Fact]
    public void An_instance_idle_on_a_wait_due_now_or_earlier_is_ticked() =>
        Assert.Equal((true, true), (Instance(true, WaitingFor.Timer, Now).NeedsTickAt(Now), Instance(true, WaitingFor.Retry, Now.AddHours(-1)).NeedsTickAt(Now)));

    [Fact]
    public void A_busy_instance_is_ticked_whatever_its_due_time_because_it_may_have_read_the_clock_before_it_moved() =>
        Assert.True(Instance(idle: false, WaitingFor.Event, Now.AddDays(6)).NeedsTickAt(Now));

    [Fact]
    public void An_instance_that_has_published_no_status_yet_is_ticked() =>
        Assert.True(new TickedInstance("standard~u1~1", OrchestrationRuntimeStatus.Pending, null).NeedsTickAt(Now));

    [Fact]
    public void An_instance_idle_on_events_with_no_time_limit_is_left_for_the_events() =>
        Assert.False(Instance(idle: true, WaitingFor.Event, due: null).NeedsTickAt(Now));

    [Fact]
    public void An_idle_instance_waiting_for_nothing_is_ticked_so_it_can_decide() =>
        Assert.True(Instance(idle: true, WaitingFor.Nothing, due: null).NeedsTickAt(Now));
}
