namespace Reactivation.Core.Activity;

/// <summary>The kinds of user activity the engine understands.</summary>
/// <remarks>The wire names (camelCase) are a storage and API contract; add new kinds, never rename.</remarks>
public enum ActivityType
{
    /// <summary>A successful sign-in.</summary>
    Login,
    /// <summary>A failed sign-in attempt (wrong password, expired session); a signal of a forgotten account.</summary>
    LoginFailed,
    /// <summary>A password reset was requested; also a forgotten-account signal.</summary>
    PasswordReset,
    /// <summary>A purchase; carries an amount and a currency.</summary>
    Purchase,
    /// <summary>Any engagement short of a purchase: a like, a share, a message, a review.</summary>
    Interaction,
    /// <summary>An app or web session without an explicit sign-in (remembered device).</summary>
    Session,
    /// <summary>A complaint to customer service.</summary>
    Complaint,
    /// <summary>A customer-service contact, for example the follow-up to a complaint.</summary>
    ServiceContact,
}
