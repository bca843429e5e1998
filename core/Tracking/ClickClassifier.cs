namespace Reactivation.Core.Tracking;

/// <summary>
/// Tells a person's click from a machine's: security scanners follow every link in a message seconds after delivery,
/// link previews and prefetches fetch without anyone tapping, and HEAD requests read no page. Only human clicks count
/// as engagement; the rest are kept, marked, and never raise the journey's <c>click</c>.
/// </summary>
public static class ClickClassifier
{
    /// <summary>Clicks sooner than this after delivery are taken for a scanner (people do not read that fast).</summary>
    public static readonly TimeSpan DefaultScannerWindow = TimeSpan.FromSeconds(10);

    // Substrings of user agents that identify scanners, preview fetchers and bots (matched case-insensitively).
    private static readonly string[] MachineAgents =
    [
        "bot", "crawler", "spider", "preview", "scanner", "safelinks", "proofpoint", "mimecast", "barracuda", "urldefense",
        "symantec", "trendmicro", "fortiguard", "microsoft office", "ms-office", "googleimageproxy",
        "yahoomailproxy", "python-requests", "curl/", "wget/", "go-http-client", "java/", "okhttp", "headlesschrome",
        "facebookexternalhit", "whatsapp", "telegrambot", "slackbot", "skypeuripreview", "wechat-preview",
    ];

    /// <summary>Classifies <paramref name="request"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="scannerWindow">How soon after delivery a click is too fast to be human (<see cref="DefaultScannerWindow"/> when null).</param>
    /// <returns>The kind and, for a scanner, why.</returns>
    public static (ClickKind Kind, string? Why) Classify(ClickRequest request, TimeSpan? scannerWindow = null)
    {
        if (!string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return (ClickKind.Scanner, $"{request.Method} request");
        }

        if (request.Purpose is { } purpose && (purpose.Contains("prefetch", StringComparison.OrdinalIgnoreCase) || purpose.Contains("preview", StringComparison.OrdinalIgnoreCase)))
        {
            return (ClickKind.Scanner, $"speculative load ({purpose})");
        }

        if (string.IsNullOrWhiteSpace(request.UserAgent))
        {
            return (ClickKind.Scanner, "no user agent");
        }

        if (MachineAgents.FirstOrDefault(a => request.UserAgent.Contains(a, StringComparison.OrdinalIgnoreCase)) is { } agent)
        {
            return (ClickKind.Scanner, $"user agent names a machine ({agent})");
        }

        var window = scannerWindow ?? DefaultScannerWindow;
        if (request.DeliveredAt is { } delivered && request.At - delivered < window)
        {
            return (ClickKind.Scanner, $"{(request.At - delivered).TotalSeconds:0.#} s after delivery");
        }

        return (ClickKind.Human, null);
    }
}
