using System.Globalization;
using System.Net;
using System.Text;

namespace Reactivation.Functions.Pages;

/// <summary>
/// What every inline chart shares: the opening tag with its accessible name, coordinates in the invariant culture,
/// encoded text, and the note that stands in for a chart with nothing to draw.
/// </summary>
/// <remarks>
/// Charts are well-formed XML in the SVG namespace so they can be parsed on their own, and carry no script, link or
/// external reference: the report page is served under <c>default-src 'none'</c>.
/// </remarks>
public static class SvgChart
{
    /// <summary>The SVG namespace every chart declares.</summary>
    public const string Namespace = "http://www.w3.org/2000/svg";

    /// <summary>The width of every chart's coordinate system; the page scales it to the column.</summary>
    public const double Width = 720;

    /// <summary>
    /// <paramref name="value"/> as an SVG coordinate: invariant culture, at most two decimals, and 0 for NaN or an
    /// infinity, because one bad number makes a browser drop the whole element.
    /// </summary>
    public static string Number(double value) =>
        double.IsFinite(value) ? Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture) : "0";

    /// <summary>
    /// <paramref name="text"/> encoded for HTML and XML alike, without the control characters XML forbids (they would
    /// make the chart unparseable and show as nothing anyway).
    /// </summary>
    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var kept = text.Any(IsForbiddenInXml) ? new string(text.Where(c => !IsForbiddenInXml(c)).ToArray()) : text;
        return WebUtility.HtmlEncode(kept);
    }

    /// <summary>
    /// <paramref name="text"/> cut to <paramref name="max"/> characters with an ellipsis, so a long label cannot run
    /// into the plot (SVG text does not wrap); the full text stays in the row's title.
    /// </summary>
    public static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>
    /// About how wide <paramref name="text"/> draws at 12px, for laying out text SVG cannot measure: Chinese and other
    /// wide characters take about twice the room of Latin ones.
    /// </summary>
    public static double TextWidth(string text) => text.Sum(c => c >= '\u1100' ? 12.0 : 7.0);

    /// <summary>Starts a chart: the root element with its id, size and accessible name, and a title as its first child.</summary>
    public static StringBuilder Open(string id, string title, double height) =>
        new StringBuilder()
            .Append($"<svg xmlns=\"{Namespace}\" id=\"{Text(id)}\" class=\"chart\" role=\"img\" aria-label=\"{Text(title)}\"")
            .Append($" viewBox=\"0 0 {Number(Width)} {Number(height)}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">")
            .Append($"<title>{Text(title)}</title>");

    /// <summary>A text element at (<paramref name="x"/>, <paramref name="y"/>); <paramref name="attributes"/> is trusted markup.</summary>
    public static string Label(double x, double y, string text, string attributes = "") =>
        $"<text x=\"{Number(x)}\" y=\"{Number(y)}\"{(attributes.Length == 0 ? "" : " " + attributes)}>{Text(text)}</text>";

    /// <summary>
    /// The note shown instead of a chart with nothing to draw. It keeps the chart's id and accessible name, so a reader
    /// (or a test) finds the same place either way.
    /// </summary>
    public static string NoData(string id, string title, string note) =>
        $"<p id=\"{Text(id)}\" class=\"nodata\" role=\"note\" aria-label=\"{Text(title)}\">{Text(note)}</p>";

    private static bool IsForbiddenInXml(char c) => (c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF';
}
