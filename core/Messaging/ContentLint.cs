namespace Reactivation.Core.Messaging;

/// <summary>Checks on message wording: the opt-out a marketing message must offer, and absolute claims China's advertising law bans.</summary>
public static class ContentLint
{
    /// <summary>Wordings that offer an SMS opt-out.</summary>
    public static readonly IReadOnlyList<string> SmsOptOut = ["回T退订", "退订回T", "回TD退订", "拒收请回复R", "Reply STOP", "reply STOP", "Text STOP", "STOP to opt out"];

    /// <summary>Wordings that offer an email unsubscribe.</summary>
    public static readonly IReadOnlyList<string> EmailOptOut = ["退订", "unsubscribe", "Unsubscribe"];

    /// <summary>
    /// Absolute claims flagged under the PRC Advertising Law (art. 9: 最高级、最佳、国家级 and the like). Multi-character forms,
    /// so ordinary words such as 最近 (recently) are not flagged.
    /// </summary>
    public static readonly IReadOnlyList<string> AbsoluteClaims =
    [
        "最佳", "最好", "最优", "最低价", "最便宜", "最高级", "最先进", "最大程度", "最强", "最受欢迎", "全网最", "史上最",
        "第一品牌", "销量第一", "排名第一", "国家级", "世界级", "顶级", "极品", "独一无二", "唯一", "首选", "100%有效",
        "best ever", "No. 1", "number one",
    ];

    /// <summary>True when <paramref name="text"/> offers an opt-out suitable for <paramref name="isSms"/> or email.</summary>
    public static bool HasOptOut(string text, bool isSms) =>
        (isSms ? SmsOptOut : EmailOptOut).Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>The banned absolute claims found in <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> Claims(string text) =>
        [.. AbsoluteClaims.Where(w => text.Contains(w, StringComparison.OrdinalIgnoreCase))];
}
