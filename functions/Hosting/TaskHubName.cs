namespace Reactivation.Functions.Hosting;

/// <summary>The rule for a Durable task hub's name on the Azure Storage provider, whose tables and queues are named after it.</summary>
public static class TaskHubName
{
    /// <summary>True for 3 to 45 ASCII letters and digits starting with a letter.</summary>
    public static bool IsValid(string? name) =>
        name is { Length: >= 3 and <= 45 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);
}
