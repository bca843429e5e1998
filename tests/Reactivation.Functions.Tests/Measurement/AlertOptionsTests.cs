using Microsoft.Extensions.Configuration;
using Reactivation.Core.Measurement.Alerts;
using Reactivation.Infra.Measurement;
using Xunit;

namespace Reactivation.Functions.Tests.Measurement;

/// <summary>The <c>Alerts</c> section: flat threshold keys, benchmarks merged over the seeds', webhook checks.</summary>
public sealed class AlertOptionsTests
{
    private static AlertOptions Bind(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(AlertOptions.Section).Get<AlertOptions>() ?? new AlertOptions();

    [Fact]
    public void Thresholds_bind_from_flat_keys_and_a_configured_benchmark_adds_to_the_seed_ones()
    {
        var options = Bind(new()
        {
            ["Alerts:ActivationRatio"] = "0.7",
            ["Alerts:ConsecutiveWeeks"] = "3",
            ["Alerts:MaxFailureRate"] = "0.1",
            ["Alerts:ChannelBenchmarks:email"] = "4.5",
        });

        Assert.Equal((0.7, 3, 0.1, 50L), (options.ActivationRatio, options.ConsecutiveWeeks, options.MaxFailureRate, options.MinReachedPerWeek));
        Assert.Equal(4.5, options.ChannelBenchmarks["email"]);
        Assert.Equal(AlertThresholds.SeedBenchmarks["sms"], options.ChannelBenchmarks["sms"]);
        Assert.Empty(options.Validate());
        Assert.False(options.Notifies);
    }

    [Fact]
    public void A_webhook_url_needs_an_absolute_http_address_and_a_secret_of_32_characters()
    {
        var options = Bind(new() { ["Alerts:WebhookUrl"] = "hooks/alerts", ["Alerts:WebhookSecret"] = "short", ["Alerts:MinSendsForFailureRate"] = "0" });

        Assert.Equal(
            [
                "Alerts:MinSendsForFailureRate must be at least 1 (was 0)",
                "Alerts:WebhookUrl must be an absolute http(s) URL",
                "Alerts:WebhookSecret must be at least 32 characters",
            ],
            options.Validate());
        Assert.Empty((options with { WebhookUrl = "https://ops.example/alerts", WebhookSecret = new string('s', 32), MinSendsForFailureRate = 1 }).Validate());
    }
}
