using Reactivation.Functions.Api;
using Reactivation.Functions.Handlers;
using Reactivation.Infra.Storage;

namespace Reactivation.Functions.Hosting;

/// <summary>Every function of the app, declared once: function.json files, the custom-handler routes and the local host all come from here.</summary>
public sealed class FunctionCatalogue(IReadOnlyList<FunctionDefinition> functions)
{
    /// <summary>The functions, in declaration order.</summary>
    public IReadOnlyList<FunctionDefinition> Functions { get; } = functions;

    /// <summary>The catalogue for the given settings (the sweep schedule is a setting).</summary>
    public static FunctionCatalogue Create(AppSettings settings) => new(
    [
        FunctionDefinition.Timer<DailySweepHandler>("DailySweep", settings.Sweep.Schedule),
        FunctionDefinition.Queue<SweepShardHandler>("SweepShard", QueueNames.SweepShards),
        FunctionDefinition.Http("PostActivity", "POST", "activity", ActivityApi.PostAsync),
        FunctionDefinition.Http("PostUsers", "POST", "users", UsersApi.PostAsync),
        FunctionDefinition.Http("GetUser", "GET", "users/{userId}", UsersApi.GetAsync),
        FunctionDefinition.Http("GetSweep", "GET", "sweeps/{date}", SweepsApi.GetAsync),
    ]);

    /// <summary>The function named <paramref name="name"/>, or null.</summary>
    public FunctionDefinition? Find(string name) =>
        Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
