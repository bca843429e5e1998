namespace Reactivation.Core.Silence;

/// <summary>Why a user went silent, from the documented rule table in <see cref="SilenceCauseRules"/>.</summary>
public enum SilenceCause
{
    /// <summary>Not silent, so no cause.</summary>
    None = 0,
    /// <summary>A recent complaint with no service contact after it (seed 体验受损型).</summary>
    ExperienceDamaged = 1,
    /// <summary>Failed logins or a password reset after the last successful login (seed 遺忘性流失型).</summary>
    ForgottenAccount = 2,
    /// <summary>Registered but never became an active user (seed new-user silence).</summary>
    NeverActivated = 3,
    /// <summary>Was a frequent buyer and stopped: value or need moved elsewhere (seed 价值转移型 / 高頻使用后突然靜默).</summary>
    ValueShift = 4,
    /// <summary>None of the above: usage declined naturally (seed 自然流失型).</summary>
    NaturalDecline = 5,
}
