namespace Reactivation.Core.Policy;

/// <summary>The compliance profiles the seeds call for (CAP-J1, CAP-J3), used when configuration names none.</summary>
/// <remarks>
/// CN: PIPL wants explicit consent before any marketing touch, so SMS and email need an opt-in. EU: GDPR and the
/// ePrivacy rules want prior consent for electronic marketing, SMS and email alike; the profile covers the 27 member
/// states (EEA members and the UK can be added through <c>Policy:Regions:EU:Covers</c> or a profile of their own). US:
/// the TCPA wants prior express written consent for marketing texts, while CAN-SPAM lets email go until an opt-out.
/// Webhook messages (push and the like) are left to the default profile everywhere.
/// </remarks>
public static class ComplianceDefaults
{
    /// <summary>The 27 EU member states as ISO 3166 codes (Greece is <c>GR</c> here, not the EU's own <c>EL</c>).</summary>
    public const string EuMembers = "AT,BE,BG,HR,CY,CZ,DK,EE,FI,FR,DE,GR,HU,IE,IT,LV,LT,LU,MT,NL,PL,PT,RO,SK,SI,ES,SE";

    /// <summary>A fresh copy of the seed profiles (fresh, because the configuration binder writes into what it is given).</summary>
    public static IReadOnlyDictionary<string, ComplianceProfileOptions?> Regions() =>
        new Dictionary<string, ComplianceProfileOptions?>(StringComparer.OrdinalIgnoreCase)
        {
            ["CN"] = new() { OptIn = "sms,email" },
            ["EU"] = new() { Covers = EuMembers, OptIn = "sms,email" },
            ["US"] = new() { OptIn = "sms" },
        };
}
