using Reactivation.Core.Journeys;
using Xunit;
using static Reactivation.Core.Tests.Journeys.Kit;

namespace Reactivation.Core.Tests.Journeys;

public sealed class JourneyValidatorTests
{
    private const string Source = "test.json";

    private static readonly IReadOnlyDictionary<string, Channel> Templates = new Dictionary<string, Channel>(StringComparer.Ordinal)
    {
        ["hello-sms"] = Channel.Sms,
        ["hello-email"] = Channel.Email,
        ["task"] = Channel.Webhook,
    };

    private static IReadOnlyList<DefinitionProblem> Validate(params JourneyStep[] steps) => JourneyValidator.Validate(Definition(steps), Source, Templates);

    private static IReadOnlyList<DefinitionProblem> Validate(JourneyDefinition definition) => JourneyValidator.Validate(definition, Source, Templates);

    /// <summary>A journey the validator accepts: every kind of step, every reference resolved.</summary>
    private static JourneyDefinition Valid() => Definition(
        Wait("window", null, "ab", Window(9, 21)),
        Split("ab", ("a", 30, "pick"), ("b", 70, "pick")),
        Branch("pick", "by-sms", (new StepCondition { Channels = [Channel.Email] }, "by-email")),
        Send("by-email", Channel.Email, "await", onFailure: "by-sms", template: "hello-email"),
        Send("by-sms", Channel.Sms, "await", template: "hello-sms", retry: new RetryPolicy(TimeSpan.FromMinutes(1), 2, TimeSpan.FromMinutes(30), 5, TimeSpan.FromHours(6))),
        WaitFor("await", TimeSpan.FromDays(7), "lost", ("return", "won"), ("click", "pause")),
        Wait("pause", TimeSpan.FromDays(1), "await"),
        Exit("won", JourneyOutcome.Reactivated),
        Exit("lost", JourneyOutcome.Lost));

    [Fact]
    public void A_journey_with_every_kind_of_step_and_no_mistakes_has_no_problems() => Assert.Empty(Validate(Valid()));

    [Fact]
    public void An_unknown_step_reference_is_reported_at_the_property_that_names_it()
    {
        var problems = Validate(
            Wait("start", TimeSpan.FromDays(1), "x"),
            Wait("x", TimeSpan.FromDays(1), "nowhere"));

        var problem = Assert.Single(problems);
        Assert.Equal("$.steps[1] (x).next", problem.Location);
        Assert.Equal("unknown step 'nowhere'", problem.Message);
        Assert.Equal(Source, problem.Source);
        Assert.Contains("$.steps[1] (x).next", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_references_in_cases_event_paths_failure_paths_and_variants_are_each_located()
    {
        var problems = Validate(
            Branch("pick", "send", (new StepCondition { Tiers = [Reactivation.Core.Silence.ValueTier.High] }, "ghost-1")),
            Send("send", Channel.Sms, "await", onFailure: "ghost-2", template: "hello-sms"),
            WaitFor("await", TimeSpan.FromDays(1), "ghost-3", ("click", "ghost-4")),
            Split("ab", ("a", 50, "ghost-5"), ("b", 50, "await")));

        Assert.Contains(problems, p => p.Location == "$.steps[0] (pick).cases[0].next" && p.Message == "unknown step 'ghost-1'");
        Assert.Contains(problems, p => p.Location == "$.steps[1] (send).onFailure" && p.Message == "unknown step 'ghost-2'");
        Assert.Contains(problems, p => p.Location == "$.steps[2] (await).onTimeout" && p.Message == "unknown step 'ghost-3'");
        Assert.Contains(problems, p => p.Location == "$.steps[2] (await).events[0].next" && p.Message == "unknown step 'ghost-4'");
        Assert.Contains(problems, p => p.Location == "$.steps[3] (ab).variants[0].next" && p.Message == "unknown step 'ghost-5'");
    }

    [Fact]
    public void An_unknown_start_step_is_reported_at_the_start_property()
    {
        var problems = Validate(Valid() with { Start = "begin" });

        Assert.Contains(problems, p => p.Location == "$.start" && p.Message == "unknown step 'begin'");
    }

    [Fact]
    public void A_step_nothing_leads_to_is_reported_unreachable()
    {
        var problems = Validate(
            Wait("start", TimeSpan.FromDays(1), "end"),
            Exit("end", JourneyOutcome.Lost),
            Exit("orphan", JourneyOutcome.Reactivated));

        var problem = Assert.Single(problems);
        Assert.Equal("$.steps[2] (orphan)", problem.Location);
        Assert.Equal("step 'orphan' is unreachable from the start step 'start'", problem.Message);
    }

    [Fact]
    public void A_loop_through_steps_that_never_pause_is_reported_once_with_its_path()
    {
        // branch -> send -> branch: if the send is skipped the instance would spin forever.
        var problems = Validate(
            Wait("start", TimeSpan.FromDays(1), "check"),
            Branch("check", "done", (new StepCondition { Channels = [Channel.Sms] }, "nudge")),
            Send("nudge", Channel.Sms, "check", template: "hello-sms"),
            Exit("done", JourneyOutcome.Lost));

        var problem = Assert.Single(problems);
        Assert.Equal("$.steps[1] (check)", problem.Location);
        Assert.Equal("loop with no wait: check -> nudge -> check would run forever without pausing", problem.Message);
    }

    [Fact]
    public void A_loop_through_a_zero_wait_is_a_loop_with_no_wait()
    {
        var problems = Validate(
            Wait("start", TimeSpan.Zero, "check"),
            Branch("check", "start"));

        Assert.Contains(problems, p => p.Message.StartsWith("loop with no wait: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_loop_through_a_real_wait_is_fine()
    {
        var problems = Validate(
            Send("nudge", Channel.Sms, "pause", template: "hello-sms"),
            Wait("pause", TimeSpan.FromDays(3), "nudge"));

        Assert.Empty(problems);
    }

    [Fact]
    public void A_loop_whose_only_wait_is_a_time_window_is_a_loop_with_no_wait()
    {
        // Regression, fixed (JourneyValidator); it used to go wrong like this: a window-only wait counts as a pause, but in a loop it is always
        // re-entered at an instant inside its window (it was just passed or just fired at the opening), so it passes straight
        // through: this journey sends an SMS after every send result, forever, and the validator accepts it.
        var problems = Validate(
            Wait("window", null, "nudge", Window(9, 21)),
            Send("nudge", Channel.Sms, "window", template: "hello-sms"));

        Assert.Contains(problems, p => p.Message.StartsWith("loop with no wait: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_window_only_wait_in_a_loop_really_does_not_pause_at_run_time()
    {
        var definition = Definition(
            Wait("window", null, "nudge", Window(9, 21)),
            Send("nudge", Channel.Sms, "window", template: "hello-sms"));
        var run = Driver.For(definition, Reachable(Channel.Sms));
        run.Start(); // 10:00 UTC, inside the window

        for (var i = 1; i <= 3; i++)
        {
            run.Sent(T0.AddSeconds(i));
        }

        // Four sends in three seconds: the wait never waited.
        Assert.Equal(4, run.Sends.Count());
    }

    [Fact]
    public void A_loop_through_a_window_wait_with_a_duration_is_fine()
    {
        var problems = Validate(
            Wait("window", TimeSpan.FromDays(1), "nudge", Window(9, 21)),
            Send("nudge", Channel.Sms, "window", template: "hello-sms"));

        Assert.Empty(problems);
    }

    [Fact]
    public void An_unknown_template_is_reported_at_the_template_property()
    {
        var problem = Assert.Single(Validate(Send("hello", Channel.Sms, "end", template: "nope"), Exit("end", JourneyOutcome.Lost)));

        Assert.Equal(("$.steps[0] (hello).template", "unknown template 'nope'"), (problem.Location, problem.Message));
    }

    [Fact]
    public void A_template_written_for_another_channel_is_reported()
    {
        var problem = Assert.Single(Validate(Send("hello", Channel.Sms, "end", template: "hello-email"), Exit("end", JourneyOutcome.Lost)));

        Assert.Equal(("$.steps[0] (hello).template", "template 'hello-email' is written for Email, not Sms"), (problem.Location, problem.Message));
    }

    [Theory]
    [InlineData(50, 40, "weights add up to 90, not 100")]
    [InlineData(60, 50, "weights add up to 110, not 100")]
    public void Split_weights_must_add_up_to_one_hundred(int first, int second, string message)
    {
        var problems = Validate(Split("ab", ("a", first, "end"), ("b", second, "end")), Exit("end", JourneyOutcome.Lost));

        var problem = Assert.Single(problems);
        Assert.Equal(("$.steps[0] (ab).variants", message), (problem.Location, problem.Message));
    }

    [Fact]
    public void Split_variants_need_positive_weights_and_distinct_names_and_there_must_be_two()
    {
        Assert.Contains(
            Validate(Split("ab", ("a", 100, "end")), Exit("end", JourneyOutcome.Lost)),
            p => p.Location == "$.steps[0] (ab).variants" && p.Message == "a split needs at least two variants");
        var problems = Validate(Split("ab", ("a", 110, "end"), ("a", -10, "end")), Exit("end", JourneyOutcome.Lost));
        Assert.Contains(problems, p => p.Location == "$.steps[0] (ab).variants[1].weight" && p.Message == "must be positive");
        Assert.Contains(problems, p => p.Location == "$.steps[0] (ab).variants" && p.Message == "variant name 'a' is used more than once");
    }

    [Fact]
    public void A_duplicate_step_id_is_reported_at_the_second_use()
    {
        var problems = Validate(
            Wait("start", TimeSpan.FromDays(1), "x"),
            Exit("x", JourneyOutcome.Lost),
            Exit("x", JourneyOutcome.Reactivated));

        var problem = Assert.Single(problems);
        Assert.Equal(("$.steps[2] (x).id", "step id 'x' is already used by $.steps[1]"), (problem.Location, problem.Message));
    }

    [Fact]
    public void Step_and_journey_ids_must_follow_the_naming_rules()
    {
        var problems = Validate(Definition(Exit("bad id!", JourneyOutcome.Lost)) with { Id = "Bad_Journey" });

        Assert.Contains(problems, p => p.Location == "$.id");
        Assert.Contains(problems, p => p.Location == "$.steps[0] (bad id!).id");
    }

    [Fact]
    public void Wait_and_wait_for_steps_are_checked()
    {
        var problems = Validate(
            Wait("nothing", null, "same"),
            Wait("same", TimeSpan.FromDays(1), "await", new TimeWindow(new TimeOnly(9, 0), new TimeOnly(9, 0))),
            WaitFor("await", TimeSpan.Zero, "end", ("click", "end"), ("click", "end"), ("9lives", "end")),
            Exit("end", JourneyOutcome.Lost));

        Assert.Contains(problems, p => p.Location == "$.steps[0] (nothing)" && p.Message == "a wait needs a duration, a window or both");
        Assert.Contains(problems, p => p.Location == "$.steps[1] (same).window" && p.Message == "from and to must differ");
        Assert.Contains(problems, p => p.Location == "$.steps[2] (await).timeout" && p.Message == "must be positive");
        Assert.Contains(problems, p => p.Location == "$.steps[2] (await).events" && p.Message == "event 'click' is listed more than once");
        Assert.Contains(problems, p => p.Location == "$.steps[2] (await).events[2].event");
    }

    [Fact]
    public void A_bad_retry_policy_is_reported_at_the_retry_property()
    {
        var retry = new RetryPolicy(TimeSpan.Zero, 0.5, TimeSpan.FromMinutes(1), 0, TimeSpan.FromDays(1));
        var problems = Validate(Send("hello", Channel.Sms, "end", template: "hello-sms", retry: retry), Exit("end", JourneyOutcome.Lost));

        Assert.Equal(
            ["firstInterval must be positive", "backoffCoefficient must be at least 1", "maxAttempts must be 1 to 100"],
            problems.Where(p => p.Location == "$.steps[0] (hello).retry").Select(p => p.Message));
    }

    // ---- JSON -----------------------------------------------------------------------------------------------------

    private static string Json(string steps) =>
        "{\n  \"id\": \"t\",\n  \"version\": 1,\n  \"entry\": {},\n  \"start\": \"a\",\n  \"steps\": [\n" + steps + "\n  ]\n}";

    [Theory]
    [InlineData("\"7x\"", "'7x' is not a duration")]
    [InlineData("\"7\"", "'7' is not a duration")]
    [InlineData("\"d\"", "'d' is not a duration")]
    [InlineData("\"\"", "duration is empty")]
    [InlineData("\"200000d\"", "amounts at most 100000")]
    [InlineData("7", "a duration must be a string")]
    public void A_bad_duration_in_json_is_a_problem_with_its_line_and_path(string duration, string expected)
    {
        var json = Json(
            "    { \"id\": \"a\", \"kind\": \"wait\", \"duration\": \"1d\", \"next\": \"b\" },\n"
            + "    { \"id\": \"b\", \"kind\": \"waitFor\", \"events\": [ { \"event\": \"click\", \"next\": \"c\" } ], \"timeout\": " + duration + ", \"onTimeout\": \"c\" },\n"
            + "    { \"id\": \"c\", \"kind\": \"exit\", \"outcome\": \"lost\" }");

        var (definition, problems) = JourneyJson.Parse(json, Source);

        Assert.Null(definition);
        var problem = Assert.Single(problems);
        Assert.Equal((Source, "$.steps[1].timeout", (long?)8), (problem.Source, problem.Location, problem.Line));
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.json:8: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_property_on_a_step_is_rejected()
    {
        var json = Json("    { \"id\": \"a\", \"kind\": \"exit\", \"outcome\": \"lost\", \"colour\": \"red\" }");

        var (definition, problems) = JourneyJson.Parse(json, Source);

        Assert.Null(definition);
        var problem = Assert.Single(problems);
        Assert.Equal(("$.steps[0].colour", (long?)7), (problem.Location, problem.Line));
        Assert.Contains("'colour'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_property_on_the_journey_is_rejected()
    {
        var (definition, problems) = JourneyJson.Parse("{ \"id\": \"t\", \"version\": 1, \"entry\": {}, \"start\": \"a\", \"steps\": [], \"owner\": \"me\" }", Source);

        Assert.Null(definition);
        Assert.Equal("$.owner", Assert.Single(problems).Location);
    }

    [Fact]
    public void An_unknown_step_kind_and_a_missing_required_property_are_rejected()
    {
        var (unknownKind, kindProblems) = JourneyJson.Parse(Json("    { \"id\": \"a\", \"kind\": \"teleport\", \"next\": \"b\" }"), Source);
        var (missing, missingProblems) = JourneyJson.Parse(Json("    { \"id\": \"a\", \"kind\": \"exit\" }"), Source);

        Assert.Null(unknownKind);
        Assert.Contains("teleport", Assert.Single(kindProblems).Message, StringComparison.Ordinal);
        Assert.Null(missing);
        Assert.Contains("outcome", Assert.Single(missingProblems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_without_a_kind_is_a_problem_with_its_line_not_an_exception()
    {
        // Regression, fixed (JourneyJson.Parse); it used to go wrong like this: System.Text.Json throws NotSupportedException, not JsonException, when a
        // polymorphic step has no "kind" discriminator; Parse only catches JsonException, so the exception escapes.
        var json = Json("    { \"id\": \"a\", \"outcome\": \"lost\" }");

        var (definition, problems) = JourneyJson.Parse(json, Source);

        Assert.Null(definition);
        var problem = Assert.Single(problems);
        Assert.Equal(("$.steps[0]", (long?)7), (problem.Location, problem.Line));
    }

    [Fact]
    public void A_bad_local_time_in_a_window_is_rejected()
    {
        var (definition, problems) = JourneyJson.Parse(
            Json("    { \"id\": \"a\", \"kind\": \"wait\", \"window\": { \"from\": \"9am\", \"to\": \"21:00\" }, \"next\": \"a\" }"), Source);

        Assert.Null(definition);
        var problem = Assert.Single(problems);
        Assert.Equal("$.steps[0].window.from", problem.Location);
        Assert.Contains("local time", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_definition_and_parsing_it_back_gives_the_same_canonical_json()
    {
        var written = JourneyJson.Write(Valid());
        var (parsed, problems) = JourneyJson.Parse(written, Source);

        Assert.Empty(problems);
        Assert.Equal(written, JourneyJson.Write(parsed!));
        Assert.Contains("\"timeout\": \"7d\"", written, StringComparison.Ordinal);
        Assert.Contains("\"from\": \"09:00\"", written, StringComparison.Ordinal);
    }

    // ---- the shipped journeys -------------------------------------------------------------------------------------

    public static TheoryData<string> DefaultJourneys() => [.. DefaultJourneyFiles().Select(f => new FileInfo(f).Name)];

    [Theory]
    [MemberData(nameof(DefaultJourneys))]
    public void Every_default_journey_parses_and_validates_against_the_shipped_templates(string file)
    {
        var path = Path.Combine(RepoRoot(), "functions", "journeys", file);
        var (definition, parseProblems) = JourneyJson.Parse(File.ReadAllText(path), path);

        Assert.Empty(parseProblems);
        Assert.NotNull(definition);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), definition.Id);
        Assert.Empty(JourneyValidator.Validate(definition, path, TemplateChannels()));
    }

    [Fact]
    public void The_default_journeys_and_templates_are_found()
    {
        Assert.Contains("standard.json", DefaultJourneyFiles().Select(Path.GetFileName));
        Assert.True(DefaultJourneyFiles().Count() >= 7);
        Assert.Equal(Channel.Sms, TemplateChannels()["return-gift-sms"]);
        Assert.Equal(Channel.Webhook, TemplateChannels()["cs-task"]);
    }
}
