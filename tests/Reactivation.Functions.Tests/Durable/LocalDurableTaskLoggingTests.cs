using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reactivation.Functions.Durable;
using Xunit;

namespace Reactivation.Functions.Tests.Durable;

public sealed class LocalDurableTaskLoggingTests
{
    private static ILoggerFactory Loggers(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        // A provider to log to: a logger with none is enabled for nothing.
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddConsole());
        services.AddLocalDurableTask(RunningTaskHub.Options("UseDevelopmentStorage=true"), register: null);
        return services.BuildServiceProvider().GetRequiredService<ILoggerFactory>();
    }

    [Fact]
    public void The_task_hubs_chatty_categories_log_warnings_and_not_their_information_unless_configuration_says_otherwise()
    {
        var loggers = Loggers([]);

        Assert.All(LocalDurableTask.QuietCategories, category =>
            Assert.Equal((true, false), (loggers.CreateLogger(category + ".Worker").IsEnabled(LogLevel.Warning), loggers.CreateLogger(category).IsEnabled(LogLevel.Information))));
    }

    [Fact]
    public void Configuration_that_names_a_quiet_category_overrides_its_default_either_way()
    {
        var loggers = Loggers(new() { ["Logging:LogLevel:DurableTask.AzureStorage"] = "Error", ["Logging:LogLevel:DurableTask.Core"] = "Information" });

        Assert.Equal(
            (false, true, true),
            (loggers.CreateLogger("DurableTask.AzureStorage").IsEnabled(LogLevel.Warning), loggers.CreateLogger("DurableTask.AzureStorage").IsEnabled(LogLevel.Error),
                loggers.CreateLogger("DurableTask.Core").IsEnabled(LogLevel.Information)));
    }
}
