using System.Globalization;

namespace Reactivation.Functions.Pages;

/// <summary>Every word of the journey map (the page and <c>journeys show</c>), in English and Chinese.</summary>
public sealed record JourneyMapText
{
    /// <summary>The page's language tag.</summary>
    public required string Lang { get; init; }

    /// <summary>The title; {0} is the journey's name.</summary>
    public required string TitleFormat { get; init; }

    /// <summary>"Version {0}".</summary>
    public required string VersionFormat { get; init; }

    /// <summary>The link to the report.</summary>
    public required string ReportLink { get; init; }

    /// <summary>The link from the report page to the map.</summary>
    public required string MapLink { get; init; }

    /// <summary>The map's accessible name.</summary>
    public required string MapLabel { get; init; }

    /// <summary>The note under the map on what the counts are.</summary>
    public required string Caption { get; init; }

    /// <summary>The holdout panel's heading.</summary>
    public required string HoldoutHeading { get; init; }

    /// <summary>"{0} instances".</summary>
    public required string InstancesFormat { get; init; }

    /// <summary>"Global holdout: {0} · configured {1}".</summary>
    public required string HoldoutFormat { get; init; }

    /// <summary>"Journey control share: {0} · configured {1}".</summary>
    public required string ControlFormat { get; init; }

    /// <summary>The counts table's heading.</summary>
    public required string StepsHeading { get; init; }

    /// <summary>Column and line labels.</summary>
    public required string Step { get; init; }

    /// <summary>Entered.</summary>
    public required string Entered { get; init; }

    /// <summary>Sent.</summary>
    public required string Sent { get; init; }

    /// <summary>Failed.</summary>
    public required string Failed { get; init; }

    /// <summary>Skipped.</summary>
    public required string Skipped { get; init; }

    /// <summary>Waiting now.</summary>
    public required string Waiting { get; init; }

    /// <summary>Exited.</summary>
    public required string Exited { get; init; }

    /// <summary>Outgoing paths.</summary>
    public required string Paths { get; init; }

    /// <summary>The start marker.</summary>
    public required string StartLabel { get; init; }

    /// <summary>Edge words: next after a send.</summary>
    public required string SentEdge { get; init; }

    /// <summary>Edge words: on failure.</summary>
    public required string FailureEdge { get; init; }

    /// <summary>Edge words: after a wait; {0} is what is waited.</summary>
    public required string AfterFormat { get; init; }

    /// <summary>Edge words: no offer.</summary>
    public required string NoOfferEdge { get; init; }

    /// <summary>Edge words: "timeout {0}".</summary>
    public required string TimeoutFormat { get; init; }

    /// <summary>Edge words: "case {0}: {1}".</summary>
    public required string CaseFormat { get; init; }

    /// <summary>Edge words: otherwise.</summary>
    public required string OtherwiseEdge { get; init; }

    /// <summary>Edge words: "event {0}".</summary>
    public required string EventFormat { get; init; }

    /// <summary>Edge words: "variant {0}".</summary>
    public required string VariantFormat { get; init; }

    /// <summary>The English words.</summary>
    public static JourneyMapText English { get; } = new()
    {
        Lang = "en-US",
        TitleFormat = "Journey map: {0}",
        VersionFormat = "version {0}",
        ReportLink = "Back to the report",
        MapLink = "Journey map (steps with live counts)",
        MapLabel = "The journey's steps and paths, with live counts",
        Caption = "Each box is a step with its live counts; each arrow a path, labelled with the event or branch that takes it. "
            + "Entered, waiting and exited count instances of this version (every arm, holdout included); sent, failed and skipped count messages from the metrics table.",
        HoldoutHeading = "Holdout",
        InstancesFormat = "{0} instances",
        HoldoutFormat = "Global holdout: {0} · configured {1}",
        ControlFormat = "Journey control share: {0} · configured {1}",
        StepsHeading = "Counts by step",
        Step = "Step",
        Entered = "entered",
        Sent = "sent",
        Failed = "failed",
        Skipped = "skipped",
        Waiting = "waiting now",
        Exited = "exited",
        Paths = "paths",
        StartLabel = "start",
        SentEdge = "next",
        FailureEdge = "on failure",
        AfterFormat = "after {0}",
        NoOfferEdge = "no offer",
        TimeoutFormat = "timeout {0}",
        CaseFormat = "case {0}: {1}",
        OtherwiseEdge = "otherwise",
        EventFormat = "on {0}",
        VariantFormat = "variant {0}",
    };

    /// <summary>The Chinese words.</summary>
    public static JourneyMapText Chinese { get; } = new()
    {
        Lang = "zh-CN",
        TitleFormat = "旅程地图：{0}",
        VersionFormat = "第 {0} 版",
        ReportLink = "返回报告",
        MapLink = "旅程地图（各步骤实时计数）",
        MapLabel = "旅程的步骤与路径，附实时计数",
        Caption = "每个方框是一个步骤及其实时计数；每个箭头是一条路径，标注触发它的事件或分支。"
            + "进入、等待中和退出统计本版本的实例（所有组，含保留组）；已发送、失败和跳过统计指标表中的消息。",
        HoldoutHeading = "保留组",
        InstancesFormat = "{0} 个实例",
        HoldoutFormat = "全局保留组：{0} · 配置 {1}",
        ControlFormat = "旅程对照组：{0} · 配置 {1}",
        StepsHeading = "各步骤计数",
        Step = "步骤",
        Entered = "进入",
        Sent = "已发送",
        Failed = "失败",
        Skipped = "跳过",
        Waiting = "等待中",
        Exited = "退出",
        Paths = "路径",
        StartLabel = "开始",
        SentEdge = "下一步",
        FailureEdge = "失败时",
        AfterFormat = "等待 {0} 后",
        NoOfferEdge = "无优惠",
        TimeoutFormat = "超时 {0}",
        CaseFormat = "条件 {0}：{1}",
        OtherwiseEdge = "否则",
        EventFormat = "收到 {0}",
        VariantFormat = "分组 {0}",
    };

    private static readonly (string Code, string Chinese)[] OutcomeNames =
    [
        ("reactivated", "已回访"), ("lost", "流失"), ("optedOut", "已退订"), ("complained", "投诉"), ("failed", "失败"),
        ("completed", "已完成"), ("terminated", "已终止"), ("suppressed", "已抑制"),
    ];

    /// <summary>An outcome's name: its code in English (as the definitions spell it), translated in Chinese when known.</summary>
    public string Outcome(string code) =>
        Lang == Chinese.Lang && OutcomeNames.FirstOrDefault(o => o.Code == code).Chinese is { } name ? name : code;

    /// <summary>The words for <paramref name="locale"/>: Chinese for <c>zh</c>, English otherwise.</summary>
    public static JourneyMapText For(string? locale) => PublicPage.IsChinese(locale) ? Chinese : English;

    /// <summary>The label of <paramref name="edge"/>: the event, timeout, case, variant or path that takes it.</summary>
    public string Label(MapEdge edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        return edge.Kind switch
        {
            MapEdgeKind.Next => edge.Detail.Length == 0 ? SentEdge : Format(AfterFormat, edge.Detail),
            MapEdgeKind.OnFailure => FailureEdge,
            MapEdgeKind.IfNoOffer => NoOfferEdge,
            MapEdgeKind.Event => Format(EventFormat, edge.Detail),
            MapEdgeKind.Timeout => Format(TimeoutFormat, edge.Detail),
            MapEdgeKind.Case => Format(CaseFormat, edge.Index + 1, edge.Detail),
            MapEdgeKind.Otherwise => OtherwiseEdge,
            MapEdgeKind.Variant => Format(VariantFormat, edge.Detail),
            _ => edge.Kind.ToString(),
        };
    }

    /// <summary>Formats with the invariant culture.</summary>
    public static string Format(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}
