using Reactivation.Functions.Cli;

return await CommandLine.Build().Parse(args).InvokeAsync();
