using System.Net;

namespace Reactivation.Functions.Pages;

/// <summary>
/// The frame of every page people see from a message link: server-rendered, self-contained (inline style, no script or
/// font from elsewhere), in Chinese or English by the visitor's locale, and sent with headers that keep it from being
/// framed, sniffed, cached or leaking the token in a Referer.
/// </summary>
public static class PublicPage
{
    /// <summary>True for Chinese locales; every other locale reads English.</summary>
    public static bool IsChinese(string? locale) => locale is not null && locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>The page's locale from a user's locale, or from the browser's Accept-Language when the user is unknown.</summary>
    public static string LocaleFor(string? userLocale, HttpRequest request) =>
        IsChinese(userLocale ?? request.Headers.AcceptLanguage.ToString()) ? "zh-CN" : "en-US";

    /// <summary>A complete HTML document around <paramref name="bodyHtml"/> (which the caller has encoded).</summary>
    public static string Document(string locale, string title, string bodyHtml) =>
        Frame(IsChinese(locale) ? "zh-CN" : "en-US", title, ConsentStyle, bodyHtml);

    /// <summary>
    /// The frame every server-rendered page shares: language, charset, viewport, no indexing, the title, an inline
    /// <paramref name="style"/> sheet and a <c>main</c> around <paramref name="bodyHtml"/> (which the caller has encoded).
    /// </summary>
    /// <remarks>
    /// The frame itself is well-formed XML (void elements self-closed, an upper-case DOCTYPE) so a page whose body is
    /// too, such as the journey report, can be parsed as XML by its tests; browsers read it as ordinary HTML.
    /// </remarks>
    public static string Frame(string lang, string title, string style, string bodyHtml) =>
        $$"""
        <!DOCTYPE html>
        <html lang="{{WebUtility.HtmlEncode(lang)}}">
        <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>
        {{style}}
        </style>
        </head>
        <body><main>
        {{bodyHtml}}
        </main></body>
        </html>
        """;

    private const string ConsentStyle =
        """
        body{font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:0;background:#f6f7f9;color:#1d232b}
        main{max-width:34rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
        h1{font-size:1.4rem;margin-top:0} p{line-height:1.55}
        fieldset{border:1px solid #d8dce2;border-radius:8px;margin:1rem 0;padding:.75rem 1rem}
        label{display:flex;align-items:center;gap:.6rem;padding:.35rem 0}
        button{font-size:1rem;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#1f6feb;color:#fff;cursor:pointer}
        .note{color:#59636e;font-size:.9rem} .done{color:#1a7f37}
        """;

    /// <summary>An HTML response with the headers every public page carries.</summary>
    public static IResult Html(HttpContext context, string html, int statusCode = StatusCodes.Status200OK)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["X-Frame-Options"] = "DENY";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        return Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, statusCode);
    }

    /// <summary>
    /// The one page every refused link gets (tampered, unknown key, expired, wrong purpose, unknown send): friendly, and
    /// saying nothing about why, so the page is no oracle for forging tokens.
    /// </summary>
    public static IResult LinkNotValid(HttpContext context) =>
        Html(context, LinkNotValidHtml(LocaleFor(null, context.Request)), StatusCodes.Status404NotFound);

    /// <summary>The HTML of <see cref="LinkNotValid"/> for <paramref name="locale"/>.</summary>
    public static string LinkNotValidHtml(string locale) => IsChinese(locale)
        ? Document(locale, "链接已失效", "<h1>这个链接已失效</h1><p>链接可能已过期或不完整。请打开我们最新的消息，或直接访问我们的网站或应用。</p>")
        : Document(locale, "This link has expired", "<h1>This link no longer works</h1><p>It may have expired or been cut short. Open our latest message, or visit our site or app directly.</p>");

    /// <summary>
    /// The page a request on a valid link gets when it cannot be acted on (a stale or forged form, a body that is too
    /// large, not a form, or not the form the page sends): a 4xx with a friendly way forward, and nothing written.
    /// </summary>
    public static IResult Refused(HttpContext context, string locale, int statusCode) => Html(context, IsChinese(locale)
        ? Document(locale, "无法处理请求", "<h1>无法处理这个请求</h1><p>页面可能已过期。请返回上一页，刷新后再试一次。</p>")
        : Document(locale, "Request not processed", "<h1>We couldn't process that</h1><p>The page may have expired. Please go back, reload it and try again.</p>"),
        statusCode);
}
