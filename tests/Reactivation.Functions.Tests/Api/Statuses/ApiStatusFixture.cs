using Xunit;

namespace Reactivation.Functions.Tests.Api.Statuses;

/// <summary>The two apps the status cases share: one as deployed tests see it, one with the public rate limit at one request.</summary>
public sealed class ApiStatusFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    private RunningApp? _app;
    private RunningApp? _limited;

    public ApiProbe Probe { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await RunningApp.StartAsync(azurite, new Dictionary<string, string?> { ["Acs:EventGridKey"] = ApiProbe.EventGridKey });
        _limited = await RunningApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Acs:EventGridKey"] = ApiProbe.EventGridKey,
            ["RateLimit:PublicBurst"] = "1",
            ["RateLimit:PublicPerMinute"] = "1",
        });
        Probe = new ApiProbe(_app, _limited);
    }

    public async ValueTask DisposeAsync()
    {
        if (_limited is not null)
        {
            await _limited.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
