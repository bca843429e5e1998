using Reactivation.Core.Journeys;
using Reactivation.Functions.Pages;
using Reactivation.Infra.Measurement;
using Xunit;

namespace Reactivation.Functions.Tests.Pages;

/// <summary>The journey map's layout as a pure function of the definition: nodes, labelled edges, no overlaps.</summary>
public sealed class JourneyMapLayoutTests
{
    // Every kind of step and path: a split, a branch with cases and otherwise, a send with onFailure, a wait, a waitFor
    // with two events and a timeout that loops back to an earlier step.
    public const string EveryPathJson = """
        {
          "id": "every-path", "version": 3, "name": "Every path", "entry": {}, "start": "split",
          "steps": [
            { "id": "split", "kind": "split", "variants": [ { "name": "a", "weight": 50, "next": "route" }, { "name": "b", "weight": 50, "next": "email" } ] },
            { "id": "route", "kind": "branch", "cases": [ { "when": { "channels": ["sms"] }, "next": "sms" }, { "when": { "locales": ["zh"], "earlyWarning": true }, "next": "email" } ], "otherwise": "lost" },
            { "id": "sms", "kind": "send", "channel": "sms", "template": "return-gift-sms", "next": "pause", "onFailure": "email" },
            { "id": "email", "kind": "send", "channel": "email", "template": "return-gift-email", "next": "pause" },
            { "id": "pause", "kind": "wait", "duration": "1d", "next": "wait-click" },
            { "id": "wait-click", "kind": "waitFor", "events": [ { "event": "click", "next": "won" }, { "event": "return", "next": "won" } ], "timeout": "2d", "onTimeout": "route" },
            { "id": "won", "kind": "exit", "outcome": "reactivated" },
            { "id": "lost", "kind": "exit", "outcome": "lost" }
          ]
        }
        """;

    public static JourneyDefinition EveryPath() => Parse(EveryPathJson, "every-path.json");

    [Fact]
    public void Every_step_of_the_definition_is_one_node()
    {
        var definition = EveryPath();

        var layout = JourneyMapLayout.Of(definition);

        Assert.Equal(definition.Steps.Select(s => s.Id).Order(StringComparer.Ordinal), layout.Nodes.Select(n => n.StepId).Order(StringComparer.Ordinal));
        Assert.Equal("split", layout.Nodes[0].StepId);
        Assert.Equal(0, layout.Node("split").Level);
        Assert.Equal("waitFor", layout.Node("wait-click").Kind);
        Assert.Equal("reactivated", layout.Node("won").Detail);
    }

    [Fact]
    public void Every_path_is_an_edge_labelled_with_its_event_branch_variant_or_timeout()
    {
        var layout = JourneyMapLayout.Of(EveryPath());
        var t = JourneyMapText.English;

        var labels = layout.Edges.Select(e => (e.From, e.To, t.Label(e))).ToList();

        Assert.Equal(
            [
                ("split", "route", "variant a 50%"), ("split", "email", "variant b 50%"),
                ("route", "sms", "case 1: channels=sms"), ("route", "email", "case 2: earlyWarning=true; locales=zh"), ("route", "lost", "otherwise"),
                ("sms", "pause", "next"), ("sms", "email", "on failure"),
                ("email", "pause", "next"),
                ("pause", "wait-click", "after 1d"),
                ("wait-click", "won", "on click"), ("wait-click", "won", "on return"), ("wait-click", "route", "timeout 2d"),
            ],
            labels);
    }

    [Fact]
    public void Edge_labels_read_in_Chinese_for_a_Chinese_reader()
    {
        var layout = JourneyMapLayout.Of(EveryPath());
        var t = JourneyMapText.Chinese;

        Assert.Contains("超时 2d", layout.Edges.Select(t.Label));
        Assert.Contains("否则", layout.Edges.Select(t.Label));
        Assert.Contains("收到 click", layout.Edges.Select(t.Label));
    }

    [Fact]
    public void No_two_nodes_overlap_and_every_node_lies_inside_the_drawing()
    {
        var layout = JourneyMapLayout.Of(EveryPath());

        foreach (var (a, i) in layout.Nodes.Select((n, i) => (n, i)))
        {
            Assert.All(layout.Nodes.Skip(i + 1), b => Assert.False(a.Overlaps(b), $"{a.StepId} overlaps {b.StepId}"));
            Assert.InRange(a.X, 0, layout.Width - a.Width);
            Assert.InRange(a.Y, 0, layout.Height - a.Height);
        }
    }

    [Fact]
    public void A_path_forward_always_leads_to_a_later_level_and_a_loop_back_to_an_earlier_one()
    {
        var layout = JourneyMapLayout.Of(EveryPath());

        Assert.True(layout.Node("route").Level < layout.Node("sms").Level);
        Assert.True(layout.Node("sms").Level < layout.Node("pause").Level);
        Assert.True(layout.Node("wait-click").Level > layout.Node("route").Level, "the timeout loops back");
    }

    [Fact]
    public void The_same_definition_always_gives_the_same_layout()
    {
        var first = JourneyMapLayout.Of(EveryPath());
        var second = JourneyMapLayout.Of(EveryPath());

        Assert.Equal(first.Nodes, second.Nodes);
        Assert.Equal(first.Edges, second.Edges);
    }

    [Fact]
    public void Every_shipped_journey_lays_out_with_a_node_per_step_an_edge_per_path_and_no_overlap()
    {
        var folder = Path.Combine(Repository.Root(), "functions", "journeys");
        foreach (var file in Directory.GetFiles(folder, "*.json"))
        {
            var definition = Parse(File.ReadAllText(file), Path.GetFileName(file));

            var layout = JourneyMapLayout.Of(definition);

            Assert.Equal(definition.Steps.Count, layout.Nodes.Count);
            Assert.Equal(definition.Steps.Sum(s => s.Exits().Count()), layout.Edges.Count);
            Assert.All(layout.Edges, e => Assert.False(string.IsNullOrWhiteSpace(JourneyMapText.English.Label(e)), $"{file}: {e} has no label"));
            Assert.All(layout.Nodes, a => Assert.DoesNotContain(layout.Nodes, b => !ReferenceEquals(a, b) && a.Overlaps(b)));
        }
    }

    [Fact]
    public void The_map_draws_an_svg_group_per_step_and_per_path_with_the_counts_it_is_given()
    {
        var definition = EveryPath();
        var layout = JourneyMapLayout.Of(definition);
        var counts = JourneyMapCounter.Count(definition, [], [], 5) with
        {
            Steps = definition.Steps.ToDictionary(
                s => s.Id,
                s => StepCounts.None(s.Id) with { Entered = 7, Skipped = new Dictionary<string, long> { ["optedOut"] = 2 } }),
        };

        var svg = System.Xml.Linq.XElement.Parse(SvgJourneyMap.Render(layout, counts, JourneyMapText.English));
        var ns = System.Xml.Linq.XNamespace.Get(SvgChart.Namespace);
        var groups = svg.Descendants(ns + "g").ToList();

        Assert.Equal(definition.Steps.Count, groups.Count(g => (string?)g.Attribute("data-step") is not null));
        Assert.Equal(layout.Edges.Count, groups.Count(g => (string?)g.Attribute("data-label") is not null));
        Assert.All(
            svg.Descendants(ns + "tspan").Where(s => (string?)s.Attribute("data-count") == "entered"),
            s => Assert.Equal("7", s.Value));
        Assert.Equal("2", svg.Descendants(ns + "g").Single(g => (string?)g.Attribute("data-step") == "sms")
            .Descendants(ns + "tspan").Single(s => (string?)s.Attribute("data-count") == "skipped").Value);
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public void The_page_of_every_shipped_journey_is_well_formed_and_has_a_row_per_step(string locale)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root(), "functions", "journeys"), "*.json"))
        {
            var definition = Parse(File.ReadAllText(file), Path.GetFileName(file));

            var html = JourneyMapHtml.Render(JourneyMapLayout.Of(definition), JourneyMapCounter.Count(definition, [], [], 5), locale, "../x?code=a&b");

            var document = System.Xml.Linq.XDocument.Parse(html);
            Assert.Equal(definition.Steps.Count, document.Descendants("tr").Count(r => r.Attribute("data-step") is not null));
        }
    }

    private static JourneyDefinition Parse(string json, string source)
    {
        var (definition, problems) = JourneyJson.Parse(json, source);
        Assert.True(definition is not null, string.Join("; ", problems));
        return definition;
    }
}
