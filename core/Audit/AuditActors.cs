namespace Reactivation.Core.Audit;

/// <summary>How the audit trail names who acted.</summary>
public static class AuditActors
{
    /// <summary>The engine on its own account.</summary>
    public const string System = "system";

    /// <summary>An operator holding the admin key.</summary>
    public const string Admin = "admin";

    /// <summary>The user themselves (the preference page, a one-click unsubscribe).</summary>
    public const string User = "user";

    /// <summary>The user by an SMS keyword.</summary>
    public const string Sms = "sms";

    /// <summary>A system calling the API on the user's behalf.</summary>
    public const string Api = "api";

    /// <summary>A journey acting on its definition.</summary>
    public static string Journey(string journeyId) => "journey:" + journeyId;

    /// <summary>The actor behind a consent change, from the source it names.</summary>
    public static string OfConsentSource(string source) => source switch
    {
        "preferencePage" or "oneClick" => User,
        "smsKeyword" => Sms,
        "api" => Api,
        _ => source,
    };
}
