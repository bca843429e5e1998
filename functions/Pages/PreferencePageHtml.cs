using System.Net;
using System.Text;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;

namespace Reactivation.Functions.Pages;

/// <summary>The preference page's HTML in Chinese and English; every value from storage is encoded.</summary>
public static class PreferencePageHtml
{
    /// <summary>The form: one checkbox per channel, the note that service messages are not optional, and the hidden anti-forgery field.</summary>
    public static string Form(string locale, IReadOnlyList<PreferenceRow> rows, string formToken)
    {
        var zh = PublicPage.IsChinese(locale);
        var html = new StringBuilder();
        html.Append(zh ? "<h1>管理您收到的营销消息</h1>" : "<h1>Choose the marketing messages you get</h1>");
        if (rows.Count == 0)
        {
            html.Append(zh
                ? "<p>我们没有您的手机号码或电子邮件地址，因此这里没有可设置的内容。</p>"
                : "<p>We have no phone number or email address for you, so there is nothing to choose here.</p>");
            return PublicPage.Document(locale, Title(zh), html.ToString());
        }

        html.Append(zh
            ? "<p>勾选表示愿意通过该渠道接收优惠和活动等营销消息；取消勾选即可退订。</p>"
            : "<p>Tick a channel to get offers and news there; untick it to unsubscribe.</p>");
        html.Append("<form method=\"post\">")
            .Append($"<input type=\"hidden\" name=\"{PreferenceForm.FormTokenField}\" value=\"{WebUtility.HtmlEncode(formToken)}\">")
            .Append("<fieldset>");
        foreach (var row in rows)
        {
            var field = PreferenceForm.FieldOf(row.Channel);
            html.Append($"<label><input type=\"checkbox\" id=\"{field}\" name=\"{field}\" value=\"{PreferenceForm.Ticked}\"{(row.Subscribed ? " checked" : "")}>")
                .Append($"<span>{ChannelName(row.Channel, zh)} <span class=\"note\">{WebUtility.HtmlEncode(row.MaskedContact)}</span></span></label>");
        }

        html.Append("</fieldset>")
            .Append(zh
                ? "<p class=\"note\">账户安全、订单和交易等服务类消息不是营销消息，会照常发送，无法在此关闭。</p>"
                : "<p class=\"note\">Service messages about your account, security and orders are not marketing: they are always sent and cannot be turned off here.</p>")
            .Append(zh ? "<button type=\"submit\">保存设置</button>" : "<button type=\"submit\">Save preferences</button>")
            .Append("</form>");
        return PublicPage.Document(locale, Title(zh), html.ToString());
    }

    /// <summary>The confirmation: what is now in force per channel.</summary>
    public static string Saved(string locale, IReadOnlyList<PreferenceRow> rows)
    {
        var zh = PublicPage.IsChinese(locale);
        var html = new StringBuilder(zh ? "<h1 class=\"done\">已保存您的设置</h1><ul>" : "<h1 class=\"done\">Your preferences are saved</h1><ul>");
        foreach (var row in rows)
        {
            var state = zh ? (row.Subscribed ? "接收营销消息" : "不接收营销消息") : (row.Subscribed ? "marketing messages on" : "marketing messages off");
            html.Append($"<li>{ChannelName(row.Channel, zh)}{(zh ? "：" : ": ")}{state}</li>");
        }

        html.Append(zh ? "</ul><p>更改立即生效。服务类消息仍会照常发送。</p>" : "</ul><p>Changes take effect at once. Service messages still arrive as usual.</p>");
        return PublicPage.Document(locale, Title(zh), html.ToString());
    }

    /// <summary>The channel's name in the page's language.</summary>
    public static string ChannelName(Channel channel, bool chinese) => (channel, chinese) switch
    {
        (Channel.Sms, true) => "短信",
        (Channel.Sms, false) => "SMS",
        (Channel.Email, true) => "电子邮件",
        (Channel.Email, false) => "Email",
        (_, true) => "推送",
        _ => "Push",
    };

    private static string Title(bool chinese) => chinese ? "消息偏好设置" : "Message preferences";
}
