using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Reactivation.Functions.Logging;

/// <summary>Makes every log line the app writes carry contact data only masked, whatever the sink.</summary>
/// <remarks>
/// The logger factory itself is wrapped, not one provider or the console formatter: every logger the app and the
/// framework take from DI then masks the message, the structured values and the exception before any provider sees
/// them, so a sink added later (Application Insights, a file) cannot receive the raw text. Providers keep their own
/// names, so per-provider filters (<c>Logging:Console:LogLevel</c>) still apply.
/// </remarks>
public static class MaskedLogging
{
    /// <summary>Replaces the registered <see cref="ILoggerFactory"/> with one that masks; call after logging is added.</summary>
    public static IServiceCollection AddContactMasking(this IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory))
            ?? throw new InvalidOperationException("add logging before contact masking");
        services.RemoveAll<ILoggerFactory>();
        services.AddSingleton<ILoggerFactory>(sp => new MaskingLoggerFactory(Inner(sp, original)));
        return services;
    }

    private static ILoggerFactory Inner(IServiceProvider services, ServiceDescriptor original) => original switch
    {
        { ImplementationInstance: ILoggerFactory instance } => instance,
        { ImplementationFactory: { } factory } => (ILoggerFactory)factory(services),
        { ImplementationType: { } type } when type == typeof(LoggerFactory) => new LoggerFactory(
            services.GetServices<ILoggerProvider>(), services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            services.GetService<IOptions<LoggerFactoryOptions>>(), services.GetService<IExternalScopeProvider>()),
        { ImplementationType: { } type } => (ILoggerFactory)ActivatorUtilities.CreateInstance(services, type),
        _ => throw new InvalidOperationException($"cannot wrap the logger factory registered as {original}"),
    };
}
