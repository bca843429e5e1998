namespace Reactivation.Functions.Hosting;

/// <summary>Protection of the management endpoints (configuration section <c>Admin</c>).</summary>
public sealed record AdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Admin";

    /// <summary>The key callers present in <c>x-functions-key</c> (or <c>?code=</c>); empty means management endpoints answer 401.</summary>
    public string Key { get; init; } = "";

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate() =>
        Key.Length is > 0 and < ApiKeys.MinimumLength ? [$"Admin:Key must be at least {ApiKeys.MinimumLength} characters (or empty to close the management endpoints)"] : [];
}
