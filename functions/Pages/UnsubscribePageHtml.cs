using System.Net;
using Reactivation.Core.Journeys;

namespace Reactivation.Functions.Pages;

/// <summary>The unsubscribe page's HTML in Chinese and English.</summary>
public static class UnsubscribePageHtml
{
    /// <summary>The confirmation: one button that posts the one-click field back to the same URL.</summary>
    public static string Confirm(string locale, Channel channel)
    {
        var zh = PublicPage.IsChinese(locale);
        var what = What(channel, zh);
        var body = (zh
                ? $"<h1>退订{what}？</h1><p>退订后，我们将不再通过{PreferencePageHtml.ChannelName(channel, true)}向您发送优惠和活动信息。账户和订单等服务类消息仍会照常发送。</p>"
                : $"<h1>Unsubscribe from {what}?</h1><p>We will stop sending you offers and news by {PreferencePageHtml.ChannelName(channel, false).ToLowerInvariant()}. Service messages about your account and orders still arrive.</p>")
            + "<form method=\"post\">"
            + $"<input type=\"hidden\" name=\"{UnsubscribePage.OneClickField}\" value=\"{UnsubscribePage.OneClickValue}\">"
            + (zh ? "<button type=\"submit\">确认退订</button>" : "<button type=\"submit\">Unsubscribe</button>")
            + "</form>";
        return PublicPage.Document(locale, zh ? "退订" : "Unsubscribe", body);
    }

    /// <summary>The confirmation that it is done, with a link to every preference.</summary>
    public static string Done(string locale, Channel channel, string preferencesUrl)
    {
        var zh = PublicPage.IsChinese(locale);
        var what = What(channel, zh);
        var link = WebUtility.HtmlEncode(preferencesUrl);
        var body = zh
            ? $"<h1 class=\"done\">您已成功退订</h1><p>我们不会再向您发送{what}。</p><p><a href=\"{link}\">管理全部消息偏好</a></p>"
            : $"<h1 class=\"done\">You are unsubscribed</h1><p>We won't send you {what} any more.</p><p><a href=\"{link}\">Manage all your message preferences</a></p>";
        return PublicPage.Document(locale, zh ? "已退订" : "Unsubscribed", body);
    }

    private static string What(Channel channel, bool chinese) => (channel, chinese) switch
    {
        (Channel.Sms, true) => "营销短信",
        (Channel.Sms, false) => "marketing text messages",
        (Channel.Email, true) => "营销邮件",
        (Channel.Email, false) => "marketing email",
        (_, true) => "营销消息",
        _ => "marketing messages",
    };
}
