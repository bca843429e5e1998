using Spectre.Console;

namespace Reactivation.Functions.Cli;

/// <summary>Shows an import's progress as the share of the file read, with a record count.</summary>
public static class ImportCommandProgress
{
    /// <summary>Runs <paramref name="import"/> with a progress bar over <paramref name="file"/>.</summary>
    public static async Task<ImportReport> RunAsync(FileInfo file, Func<IProgress<long>, Func<TextReader>, Task<ImportReport>> import)
    {
        ImportReport? report = null;
        var streams = new List<FileStream>();
        try
        {
            await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"importing {file.Name}", maxValue: Math.Max(1, file.Length));
                    TextReader Open()
                    {
                        var stream = file.OpenRead();
                        streams.Add(stream);
                        return new StreamReader(stream);
                    }

                    var progress = new Progress<long>(records =>
                    {
                        task.Value = streams.Count > 0 ? streams[^1].Position : 0;
                        task.Description = $"importing {file.Name}: {records:N0} records";
                    });
                    report = await import(progress, Open).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                }).ConfigureAwait(false);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }

        return report!;
    }
}
