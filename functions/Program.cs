using Reactivation.Functions.Cli;

return await CommandLine.RunAsync(args);
