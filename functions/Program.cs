using Reactivation.Functions.Cli;
using Reactivation.Functions.Worker;

// Started by the Azure Functions host, the executable is its isolated worker; started by anyone else, it is the CLI and
// the local host (serve, demo and the admin verbs).
return WorkerHost.IsLaunchedByFunctionsHost(args)
    ? await WorkerHost.RunAsync(args, CancellationToken.None)
    : await CommandLine.RunAsync(args);
