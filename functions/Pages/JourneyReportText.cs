namespace Reactivation.Functions.Pages;

/// <summary>
/// Every word of the journey report page, in English and Chinese. Names the report carries as codes (funnel stages,
/// arms, channels, segment dimensions) are translated when known and shown as they are otherwise.
/// </summary>
public sealed record JourneyReportText
{
    // Each code's names side by side, so a code cannot gain an English name and miss its Chinese one.
    private static readonly (string Code, string English, string Chinese)[] StageNames =
    [
        ("enrolled", "Enrolled", "入组"), ("treated", "Treated", "干预"), ("reached", "Reached", "已触达"),
        ("messages sent", "Messages sent", "已发送消息"), ("messages delivered", "Messages delivered", "已送达消息"), ("messages clicked", "Messages clicked", "已点击消息"), ("returned", "Returned", "已回访"), ("purchased", "Purchased", "已购买"),
    ];

    private static readonly (string Code, string English, string Chinese)[] ArmNames =
        [("untreated", "Untreated", "未干预"), ("all treated", "All treated", "全部干预组")];

    private static readonly (string Code, string English, string Chinese)[] ChannelNames =
        [("sms", "SMS", "短信"), ("email", "Email", "电子邮件"), ("webhook", "Webhook", "Webhook")];

    private static readonly (string Code, string English, string Chinese)[] DimensionNames =
        [("band", "Silence band", "沉默时长"), ("tier", "Value tier", "价值层级"), ("cause", "Cause", "沉默原因"), ("version", "Journey version", "旅程版本")];

    /// <summary>The page's language tag.</summary>
    public required string Lang { get; init; }

    /// <summary>The document's title and heading; {0} is the journey's name.</summary>
    public required string TitleFormat { get; init; }

    /// <summary>Header labels.</summary>
    public required string JourneyId { get; init; }

    /// <inheritdoc cref="JourneyId"/>
    public required string Period { get; init; }

    /// <inheritdoc cref="JourneyId"/>
    public required string NoActivity { get; init; }

    /// <inheritdoc cref="JourneyId"/>
    public required string GeneratedAt { get; init; }

    /// <inheritdoc cref="JourneyId"/>
    public required string ReturnWindow { get; init; }

    /// <summary>A number of days; {0} is the number.</summary>
    public required string DaysFormat { get; init; }

    /// <summary>The warnings box's heading.</summary>
    public required string WarningsHeading { get; init; }

    /// <summary>KPI card labels and notes; {0} and {1} are figures.</summary>
    public required string KpisHeading { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string ActivationRate { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string ActivationNote { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string TargetMet { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string TargetMissed { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string WakeRate { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string WakeNote { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string CostPerReactivation { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string CostNote { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string ReSilenceRate { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string ReSilenceNote { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string SpendAfter { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string SpendNote { get; init; }

    /// <inheritdoc cref="KpisHeading"/>
    public required string SpendNone { get; init; }

    /// <summary>Section headings and chart titles.</summary>
    public required string FunnelHeading { get; init; }

    /// <inheritdoc cref="FunnelHeading"/>
    public required string FunnelChart { get; init; }

    /// <inheritdoc cref="FunnelHeading"/>
    public required string LiftHeading { get; init; }

    /// <inheritdoc cref="FunnelHeading"/>
    public required string LiftChart { get; init; }

    /// <summary>The forest plot's axis caption.</summary>
    public required string LiftAxis { get; init; }

    /// <summary>The unit of a difference of rates.</summary>
    public required string PointsUnit { get; init; }

    /// <summary>The baseline's line; {0} arm, {1} rate, {2} returned, {3} users.</summary>
    public required string BaselineFormat { get; init; }

    /// <summary>Said when there is no untreated baseline.</summary>
    public required string NoBaseline { get; init; }

    /// <inheritdoc cref="FunnelHeading"/>
    public required string TrendHeading { get; init; }

    /// <inheritdoc cref="FunnelHeading"/>
    public required string TrendChart { get; init; }

    /// <summary>The summary of the daily table under the trend.</summary>
    public required string DailyFigures { get; init; }

    /// <inheritdoc cref="FunnelHeading"/>
    public required string SkipsHeading { get; init; }

    /// <inheritdoc cref="FunnelHeading"/>
    public required string SkipsChart { get; init; }

    /// <summary>Said when nothing was skipped.</summary>
    public required string NoSkips { get; init; }

    /// <inheritdoc cref="FunnelHeading"/>
    public required string ChannelsHeading { get; init; }

    /// <inheritdoc cref="FunnelHeading"/>
    public required string ChannelCostChart { get; init; }

    /// <inheritdoc cref="FunnelHeading"/>
    public required string ChannelReturnsChart { get; init; }

    /// <inheritdoc cref="FunnelHeading"/>
    public required string StepsHeading { get; init; }

    /// <inheritdoc cref="FunnelHeading"/>
    public required string SegmentsHeading { get; init; }

    /// <summary>What stands in for a chart or table with nothing in it.</summary>
    public required string NoData { get; init; }

    /// <summary>Column headings.</summary>
    public required string Arm { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Users { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Returned { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string ReturnRate { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Lift { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Interval { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string PValue { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string IncrementalReturns { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Cost { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string CostPerIncremental { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string NeededPerArm { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Status { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Day { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Enrolled { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Sent { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Clicked { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Failed { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Skipped { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Delivered { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Channel { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Step { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Dimension { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Value { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Untreated { get; init; }

    /// <inheritdoc cref="Arm"/>
    public required string Treated { get; init; }

    /// <summary>Arm states.</summary>
    public required string Baseline { get; init; }

    /// <inheritdoc cref="Baseline"/>
    public required string TooSmall { get; init; }

    /// <inheritdoc cref="Baseline"/>
    public required string NoComparison { get; init; }

    /// <summary>English.</summary>
    public static readonly JourneyReportText English = new()
    {
        Lang = "en-US",
        TitleFormat = "Journey report: {0}",
        JourneyId = "Journey",
        Period = "Period",
        NoActivity = "no activity yet",
        GeneratedAt = "Generated",
        ReturnWindow = "Return window",
        DaysFormat = "{0} days",
        WarningsHeading = "Read this before trusting the numbers",
        KpisHeading = "Key figures",
        ActivationRate = "Activation rate",
        ActivationNote = "of {0} users reached · target {1}",
        TargetMet = "target met",
        TargetMissed = "below target",
        WakeRate = "Wake rate",
        WakeNote = "of {0} silent users enrolled",
        CostPerReactivation = "Cost per reactivation",
        CostNote = "total cost {0}",
        ReSilenceRate = "Re-silence rate",
        ReSilenceNote = "of {0} returns 30 days on",
        SpendAfter = "Spend {0} days after return",
        SpendNote = "before silence: {0} · {1} users",
        SpendNone = "No return is old enough yet",
        FunnelHeading = "Funnel",
        FunnelChart = "Funnel: users at each stage",
        LiftHeading = "Lift per arm",
        LiftChart = "Difference in return rate against the baseline per treated arm, with 95% confidence intervals",
        LiftAxis = "Difference in return rate against the baseline, in percentage points; the bar is the 95% confidence interval, the vertical line is no difference.",
        PointsUnit = "pp",
        BaselineFormat = "Baseline ({0}): {1} returned ({2} of {3} users).",
        NoBaseline = "No untreated baseline: lift cannot be measured.",
        TrendHeading = "Daily trend",
        TrendChart = "Messages sent, clicked and users returned per day",
        DailyFigures = "Daily figures",
        SkipsHeading = "Messages not sent, by reason",
        SkipsChart = "Messages not sent, by reason",
        NoSkips = "No message was skipped.",
        ChannelsHeading = "Cost and results by channel",
        ChannelCostChart = "Cost by channel",
        ChannelReturnsChart = "Returns by channel",
        StepsHeading = "Steps",
        SegmentsHeading = "Segments",
        NoData = "No data yet.",
        Arm = "Arm",
        Users = "Users",
        Returned = "Returned",
        ReturnRate = "Return rate",
        Lift = "Lift (pp)",
        Interval = "95% CI (pp)",
        PValue = "p-value",
        IncrementalReturns = "Incremental returns",
        Cost = "Cost",
        CostPerIncremental = "Cost per incremental return",
        NeededPerArm = "Needed per arm",
        Status = "Status",
        Day = "Day",
        Enrolled = "Enrolled",
        Sent = "Sent",
        Clicked = "Clicked",
        Failed = "Failed",
        Skipped = "Skipped",
        Delivered = "Delivered",
        Channel = "Channel",
        Step = "Step",
        Dimension = "Dimension",
        Value = "Value",
        Untreated = "Untreated",
        Treated = "Treated",
        Baseline = "baseline",
        TooSmall = "too small",
        NoComparison = "no comparison",
    };

    /// <summary>Simplified Chinese.</summary>
    public static readonly JourneyReportText Chinese = English with
    {
        Lang = "zh-CN",
        TitleFormat = "旅程报告：{0}",
        JourneyId = "旅程",
        Period = "统计区间",
        NoActivity = "尚无活动",
        GeneratedAt = "生成时间",
        ReturnWindow = "回访窗口",
        DaysFormat = "{0} 天",
        WarningsHeading = "使用这些数字之前请先阅读",
        KpisHeading = "核心指标",
        ActivationRate = "激活率",
        ActivationNote = "已触达 {0} 人 · 目标 {1}",
        TargetMet = "已达标",
        TargetMissed = "未达标",
        WakeRate = "唤醒率",
        WakeNote = "入组沉默用户 {0} 人",
        CostPerReactivation = "每次召回成本",
        CostNote = "总成本 {0}",
        ReSilenceRate = "再沉默率",
        ReSilenceNote = "回访满 30 天的用户 {0} 人",
        SpendAfter = "回访后 {0} 天消费",
        SpendNote = "沉默前同期：{0} · {1} 人",
        SpendNone = "尚无回访用户满足观察期",
        FunnelHeading = "转化漏斗",
        FunnelChart = "转化漏斗：各阶段用户数",
        LiftHeading = "各组提升效果",
        LiftChart = "各实验组相对基线的回访率差异及 95% 置信区间",
        LiftAxis = "相对基线的回访率差异（百分点）；横条为 95% 置信区间，竖线表示没有差异。",
        PointsUnit = "个百分点",
        BaselineFormat = "基线（{0}）：回访率 {1}（{3} 人中 {2} 人回访）。",
        NoBaseline = "没有未干预的基线组，无法衡量提升效果。",
        TrendHeading = "每日趋势",
        TrendChart = "每日发送、点击的消息数和回访用户数",
        DailyFigures = "每日明细",
        SkipsHeading = "未发送消息的原因",
        SkipsChart = "未发送消息的原因",
        NoSkips = "没有未发送的消息。",
        ChannelsHeading = "各渠道成本与效果",
        ChannelCostChart = "各渠道成本",
        ChannelReturnsChart = "各渠道带来的回访",
        StepsHeading = "各步骤",
        SegmentsHeading = "用户分群",
        NoData = "暂无数据。",
        Arm = "分组",
        Users = "用户数",
        Returned = "回访",
        ReturnRate = "回访率",
        Lift = "提升（百分点）",
        Interval = "95% 置信区间（百分点）",
        PValue = "p 值",
        IncrementalReturns = "增量回访",
        Cost = "成本",
        CostPerIncremental = "每次增量回访成本",
        NeededPerArm = "每组所需人数",
        Status = "状态",
        Day = "日期",
        Enrolled = "入组",
        Sent = "已发送",
        Clicked = "已点击",
        Failed = "发送失败",
        Skipped = "未发送",
        Delivered = "已送达",
        Channel = "渠道",
        Step = "步骤",
        Dimension = "维度",
        Value = "取值",
        Untreated = "未干预",
        Treated = "已干预",
        Baseline = "基线",
        TooSmall = "样本不足",
        NoComparison = "无法比较",
    };

    /// <summary>The text for <paramref name="locale"/>: Chinese for any <c>zh</c> locale, English otherwise.</summary>
    public static JourneyReportText For(string? locale) => PublicPage.IsChinese(locale) ? Chinese : English;

    /// <summary>A funnel stage's name (enrolled, treated, reached...), or the code when it has none.</summary>
    public string StageName(string code) => NameOf(StageNames, code);

    /// <summary>An arm's name (untreated, all treated; variants keep their own), or the code.</summary>
    public string ArmName(string code) => NameOf(ArmNames, code);

    /// <summary>A channel's name (sms, email, webhook), or the code.</summary>
    public string ChannelName(string code) => NameOf(ChannelNames, code);

    /// <summary>A segment dimension's name (band, tier, cause), or the code.</summary>
    public string DimensionName(string code) => NameOf(DimensionNames, code);

    private string NameOf((string Code, string English, string Chinese)[] names, string code)
    {
        foreach (var name in names)
        {
            if (string.Equals(name.Code, code, StringComparison.OrdinalIgnoreCase))
            {
                return PublicPage.IsChinese(Lang) ? name.Chinese : name.English;
            }
        }

        return code;
    }
}
