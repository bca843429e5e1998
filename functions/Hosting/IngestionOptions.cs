namespace Reactivation.Functions.Hosting;

/// <summary>The key the systems that send events present (configuration section <c>Ingestion</c>).</summary>
/// <remarks>
/// It is separate from the admin key so that an app or a data pipeline posting activity and users never holds the key
/// that reads contact data or steers journeys.
/// </remarks>
public sealed record IngestionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Ingestion";

    /// <summary>The key for <c>POST /api/activity</c> and <c>POST /api/users</c>; empty closes them to everyone but the admin key.</summary>
    public string Key { get; init; } = "";

    /// <summary>Every problem with these options.</summary>
    /// <param name="adminKey">The admin key, which this one must not repeat (it would hand event senders the admin's rights).</param>
    public IReadOnlyList<string> Validate(string adminKey)
    {
        var problems = new List<string>();
        if (Key.Length is > 0 and < ApiKeys.MinimumLength)
        {
            problems.Add($"Ingestion:Key must be at least {ApiKeys.MinimumLength} characters (or empty to close ingestion to all but the admin key)");
        }

        if (Key.Length > 0 && Key == adminKey)
        {
            problems.Add("Ingestion:Key must differ from Admin:Key: the systems that send events must not hold the key that reads contact data");
        }

        return problems;
    }
}
