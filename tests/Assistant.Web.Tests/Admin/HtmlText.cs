using System.Net;
using System.Text.RegularExpressions;

namespace Assistant.Web.Tests.Admin;

/// <summary>Just enough HTML reading for assertions: visible text, table rows and their cells.</summary>
public static partial class HtmlText
{
    /// <summary>The text a reader sees: tags removed, entities decoded, white space collapsed.</summary>
    public static string Visible(string html) =>
        Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(Scripts().Replace(html, " "), " ")), " ").Trim();

    /// <summary>The visible text of each cell of the first table row whose markup contains <paramref name="marker"/>.</summary>
    public static IReadOnlyList<string> RowCells(string html, string marker)
    {
        foreach (Match row in Rows().Matches(html))
        {
            if (row.Value.Contains(marker, StringComparison.Ordinal))
            {
                return Cells().Matches(row.Value).Select(c => Visible(c.Groups[1].Value)).ToList();
            }
        }

        throw new Xunit.Sdk.XunitException($"No table row contains '{marker}'.");
    }

    /// <summary>The markup of the question section with the given id.</summary>
    public static string Section(string html, string questionId)
    {
        var start = html.IndexOf($"<section class=\"question\" id=\"q-{questionId}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No section for question {questionId}");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [GeneratedRegex("<tr[^>]*>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Rows();

    [GeneratedRegex("<t[dh][^>]*>(.*?)</t[dh]>", RegexOptions.Singleline)]
    private static partial Regex Cells();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("<(title|script|style)[^>]*>.*?</\\1>", RegexOptions.Singleline)]
    private static partial Regex Scripts();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}
