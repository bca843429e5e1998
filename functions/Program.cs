using Microsoft.Extensions.Configuration;
using Reactivation.Functions.Cli;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Hosting.OpenApi;
using Reactivation.Functions.Worker;

// Started by the Azure Functions host, the executable is its isolated worker; started by the build's OpenAPI step, it
// builds the local host for the step to read the document from; started by anyone else, it is the CLI and the local
// host (serve, demo and the admin verbs).
if (WorkerHost.IsLaunchedByFunctionsHost(args))
{
    return await WorkerHost.RunAsync(args, CancellationToken.None);
}

if (ApiDocument.IsBuildTimeGeneration(args))
{
    await ReactivationApp.Build([], builder => builder.Configuration.AddInMemoryCollection(ApiDocument.BuildTimeSettings)).RunAsync();
    return 0;
}

return await CommandLine.RunAsync(args);
