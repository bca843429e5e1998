using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Functions.Hosting;
using Xunit;

namespace Reactivation.Functions.Tests.Hosting;

/// <summary>
/// The local host serves exactly the functions the worker declares: every <c>[Function]</c> method, read here straight
/// from its attributes, is served with the same route and methods, polled on the same queue or fired on the schedule its
/// setting names, and the local host serves nothing the worker does not declare.
/// </summary>
public sealed class LocalHostCoverageTests(AzuriteFixture azurite)
{
    private static readonly IReadOnlyList<(string Name, Attribute Trigger)> Declared = typeof(AppFunction).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods())
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
        .Select(m => (m.GetCustomAttribute<FunctionAttribute>()!.Name,
            m.GetParameters().SelectMany(p => p.GetCustomAttributes()).Single(a => a is HttpTriggerAttribute or QueueTriggerAttribute or TimerTriggerAttribute or OrchestrationTriggerAttribute or ActivityTriggerAttribute)))
        .ToList();

    [Fact]
    public async Task Every_http_function_is_served_at_its_route_and_methods_and_nothing_else_is()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var served = ((IEndpointRouteBuilder)app.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            // The local host's own: its readiness answer, the API description and the reference page with its assets.
            .Where(e => e.RoutePattern.RawText is not ("/" or "/openapi/{documentName}.json")
                && !e.RoutePattern.RawText!.StartsWith(Reactivation.Functions.Hosting.OpenApi.ApiDocument.ReferencePath, StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText!.TrimStart('/')}"))
            .Order(StringComparer.Ordinal).ToList();

        var declared = Declared.Select(d => d.Trigger).OfType<HttpTriggerAttribute>()
            .SelectMany(h => h.Methods!.Select(m => $"{m.ToUpperInvariant()} {h.Route}")).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, served);
    }

    [Fact]
    public async Task Every_queue_and_timer_function_is_polled_on_its_queue_or_fired_on_the_schedule_its_setting_names()
    {
        await using var app = await RunningApp.StartAsync(azurite, new Dictionary<string, string?> { ["Sweep:Schedule"] = "0 15 3 * * *" });
        var local = app.Services.GetRequiredService<AppFunctions>();

        var queues = Declared.Where(d => d.Trigger is QueueTriggerAttribute).Select(d => $"{d.Name} {((QueueTriggerAttribute)d.Trigger).QueueName}").Order(StringComparer.Ordinal);
        var timers = Declared.Where(d => d.Trigger is TimerTriggerAttribute).Select(d => $"{d.Name} {((TimerTriggerAttribute)d.Trigger).Schedule}").Order(StringComparer.Ordinal);

        Assert.Equal(queues, local.Queues.Select(f => $"{f.Name} {f.QueueName}").Order(StringComparer.Ordinal));
        Assert.Equal(timers, local.Timers.Select(f => $"{f.Name} {f.Schedule}").Order(StringComparer.Ordinal));
        Assert.All(local.Timers, t => Assert.Matches("^%[A-Za-z]+:[A-Za-z]+%$", t.Schedule));
        Assert.Equal("0 15 3 * * *", local.ScheduleOf(local.Timers.Single(t => t.Name == "DailySweep")));
        Assert.All(local.Timers, t => SweepSchedule.Parse(local.ScheduleOf(t)));
    }

    [Fact]
    public void A_timer_naming_a_setting_the_app_does_not_have_is_refused()
    {
        var settings = AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" }).Build());

        var error = Assert.Throws<InvalidOperationException>(() => AppFunctions.ResolveSchedule("%Sweep:Shedule%", settings));

        Assert.Contains("names no setting the app has", error.Message, StringComparison.Ordinal);
        Assert.Equal("0 0 2 * * *", AppFunctions.ResolveSchedule("%sweep:schedule%", settings));
    }

    [Fact]
    public void The_poller_takes_its_poison_rule_and_batch_size_from_host_json()
    {
        var shipped = HostJson.Parse(File.ReadAllText(Path.Combine(Repository.Root(), "host.json")));

        Assert.Equal(new HostJson(5, 16), shipped);
        Assert.Equal(shipped, HostJson.Load());
        Assert.Equal(new HostJson(3, 16), HostJson.Parse("""{ "extensions": { "queues": { "maxDequeueCount": 3 } } }"""));
    }
}
