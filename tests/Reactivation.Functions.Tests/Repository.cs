namespace Reactivation.Functions.Tests;

/// <summary>Where the repository is, for tests that write files into it (screenshots).</summary>
public static class Repository
{
    /// <summary>The folder holding <c>Serverless.sln</c>, above the test binaries.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Serverless.sln) is not above the test binaries");
    }
}
