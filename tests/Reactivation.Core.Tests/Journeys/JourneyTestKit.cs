using System.Collections.Immutable;
using System.Text.Json;
using Reactivation.Core.Journeys;
using Xunit;

namespace Reactivation.Core.Tests.Journeys;

/// <summary>Small builders for definitions, states and steps, so each test shows only what matters to it.</summary>
internal static class Kit
{
    public const string JourneyId = "test";
    public const string UserId = "user-1";

    public static readonly DateTimeOffset T0 = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Five minutes to reconcile, windows in UTC unless the context names a zone.</summary>
    public static readonly StepperOptions Options = new(TimeSpan.FromMinutes(5), TimeZoneInfo.Utc);

    public static readonly RetryPolicy NoRetry = RetryPolicy.None;

    public static JourneyDefinition Definition(params JourneyStep[] steps) => new()
    {
        Id = JourneyId,
        Version = 1,
        Entry = new EntryRule(),
        Start = steps[0].Id,
        Steps = steps,
    };

    public static JourneyContext Reachable(params Channel[] channels) => new() { Reachable = [.. channels] };

    public static JourneyState NewState(JourneyDefinition definition, JourneyContext? context = null, bool heldOut = false, string userId = UserId, DateTimeOffset? at = null) =>
        JourneyState.New(definition, userId, 1, context ?? Reachable(Channel.Sms, Channel.Email), heldOut, at ?? T0);

    public static SendStep Send(string id, Channel channel, string next, string? onFailure = null, RetryPolicy? retry = null, string? template = null, string? offer = null) => new()
    {
        Id = id,
        Channel = channel,
        Template = template ?? $"{id}-template",
        Offer = offer,
        Next = next,
        OnFailure = onFailure,
        Retry = retry,
    };

    public static WaitStep Wait(string id, TimeSpan? duration, string next, TimeWindow? window = null) => new() { Id = id, Duration = duration, Window = window, Next = next };

    public static WaitForStep WaitFor(string id, TimeSpan timeout, string onTimeout, params (string Event, string Next)[] events) => new()
    {
        Id = id,
        Timeout = timeout,
        OnTimeout = onTimeout,
        Events = [.. events.Select(e => new EventPath(e.Event, e.Next))],
    };

    public static BranchStep Branch(string id, string otherwise, params (StepCondition When, string Next)[] cases) => new()
    {
        Id = id,
        Otherwise = otherwise,
        Cases = [.. cases.Select(c => new BranchCase(c.When, c.Next))],
    };

    public static SplitStep Split(string id, params (string Name, int Weight, string Next)[] variants) => new()
    {
        Id = id,
        Variants = [.. variants.Select(v => new SplitVariant(v.Name, v.Weight, v.Next))],
    };

    public static ExitStep Exit(string id, JourneyOutcome outcome) => new() { Id = id, Outcome = outcome };

    public static TimeWindow Window(int fromHour, int toHour) => new(new TimeOnly(fromHour, 0), new TimeOnly(toHour, 0));

    public static string KeyFor(JourneyState state, string step, int visit) => $"{state.InstanceId}~{step}~{visit}";

    /// <summary>Walks up from the test binaries to the directory holding Serverless.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Serverless.sln above {AppContext.BaseDirectory}");
    }

    public static IEnumerable<string> DefaultJourneyFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepoRoot(), "functions", "journeys"), "*.json").Order(StringComparer.Ordinal);

    public static JourneyDefinition LoadDefaultJourney(string id)
    {
        var path = Path.Combine(RepoRoot(), "functions", "journeys", $"{id}.json");
        var (definition, problems) = JourneyJson.Parse(File.ReadAllText(path), path);
        Assert.Empty(problems);
        return definition!;
    }

    public static IReadOnlyDictionary<string, Channel> TemplateChannels()
    {
        var path = Path.Combine(RepoRoot(), "functions", "templates", "templates.json");
        var templates = JsonSerializer.Deserialize<Dictionary<string, MessageTemplate>>(File.ReadAllText(path), JourneyJson.Options)
            ?? throw new InvalidOperationException($"{path} is null");
        return templates.ToDictionary(t => t.Key, t => t.Value.Channel, StringComparer.Ordinal);
    }
}

/// <summary>Drives one instance through <see cref="JourneyDecider.Decide"/> the way the shell does: commit each decision, keep the inbox.</summary>
internal sealed class Driver(JourneyDefinition definition, JourneyState state, StepperOptions? options = null)
{
    private readonly List<InboundEvent> _inbox = [];
    private readonly StepperOptions _options = options ?? Kit.Options;

    public JourneyDefinition Definition { get; } = definition;

    public JourneyState State { get; private set; } = state;

    public List<HistoryEntry> History { get; } = [];

    public List<JourneyCommand> Commands { get; } = [];

    public JourneyDecision? Last { get; private set; }

    public IReadOnlyList<InboundEvent> Inbox => _inbox;

    public static Driver For(JourneyDefinition definition, JourneyContext? context = null, bool heldOut = false, StepperOptions? options = null) =>
        new(definition, Kit.NewState(definition, context, heldOut), options);

    public JourneyDecision Decide(JourneyTrigger trigger, DateTimeOffset now)
    {
        var decision = JourneyDecider.Run(Definition, State, trigger, _inbox, now, _options);
        State = decision.State;
        History.AddRange(decision.History);
        Commands.AddRange(decision.Commands);
        Last = decision;
        return decision;
    }

    public JourneyDecision Start(DateTimeOffset? now = null) => Decide(JourneyTrigger.Start, now ?? State.CreatedAt);

    public JourneyDecision Wake(DateTimeOffset now) => Decide(JourneyTrigger.Wake, now);

    /// <summary>Answers the pending send.</summary>
    public JourneyDecision Answer(SendResult result, DateTimeOffset now) =>
        Decide(new SendResultTrigger(State.PendingSendKey ?? throw new InvalidOperationException("no send is pending"), result), now);

    public JourneyDecision Sent(DateTimeOffset now) => Answer(SendResult.Sent(), now);

    /// <summary>Stores an event in the inbox without deciding.</summary>
    public void Store(string id, string name, DateTimeOffset receivedAt, Channel? channel = null) =>
        _inbox.Add(new InboundEvent(id, name, receivedAt, channel));

    /// <summary>Stores an event and wakes the instance at <paramref name="now"/>.</summary>
    public JourneyDecision Raise(string id, string name, DateTimeOffset receivedAt, DateTimeOffset now, Channel? channel = null)
    {
        Store(id, name, receivedAt, channel);
        return Wake(now);
    }

    public IEnumerable<SendCommand> Sends => Commands.OfType<SendCommand>();

    public ImmutableArray<string> Kinds => [.. History.Select(h => h.Kind)];
}
