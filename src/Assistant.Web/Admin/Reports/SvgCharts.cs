using System.Globalization;
using Assistant.Web.Admin.Rendering;

namespace Assistant.Web.Admin.Reports;

/// <summary>
/// Charts drawn on the server as inline SVG: no script, no CDN, nothing for the Content-Security-Policy to allow. Labels
/// are encoded like any other text. A hidden (small) cell gets no bar, only its "&lt; 5" label, so its length cannot
/// give the count away.
/// </summary>
public static class SvgCharts
{
    private const int Width = 720;
    private const int LabelWidth = 260;
    private const int RowHeight = 26;
    private const int BarHeight = 18;

    /// <summary>Horizontal bars, one per option.</summary>
    public static Html Bars(string id, string title, IReadOnlyList<ChartCell> cells)
    {
        var max = Math.Max(1, cells.Where(c => !c.Hidden).Select(c => c.Count).DefaultIfEmpty(0).Max());
        var plot = Width - LabelWidth - 70;
        var height = Math.Max(RowHeight, cells.Count * RowHeight) + 4;
        var rows = cells.Select((cell, i) =>
        {
            var y = 2 + (i * RowHeight);
            var barWidth = cell.Hidden || cell.Count == 0 ? 0 : Math.Max(2, (int)Math.Round((double)cell.Count / max * plot));
            var bar = barWidth == 0
                ? Html.Empty
                : Html.Of($"<rect class=\"bar {cell.CssClass}\" x=\"{LabelWidth}\" y=\"{y}\" width=\"{barWidth}\" height=\"{BarHeight}\"><title>{cell.Label}: {cell.Display}</title></rect>");
            return Html.Of($"""
                <text class="label" x="{LabelWidth - 8}" y="{y + 13}" text-anchor="end">{Short(cell.Label, 38)}</text>{bar}<text class="value" x="{LabelWidth + barWidth + 6}" y="{y + 13}">{cell.Display}</text>
                """);
        });
        return Html.Of($"""
            <svg class="chart bars" id="{id}" role="img" aria-labelledby="{id}-title" viewBox="0 0 {Width} {height}" width="{Width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title>{rows}</svg>
            """);
    }

    /// <summary>Vertical bars over an ordered scale (ratings, NPS 0–10, number ranges).</summary>
    public static Html Histogram(string id, string title, IReadOnlyList<ChartCell> cells)
    {
        const int height = 210;
        const int baseline = 170;
        const int plotHeight = 140;
        var max = Math.Max(1, cells.Where(c => !c.Hidden).Select(c => c.Count).DefaultIfEmpty(0).Max());
        var slot = Math.Min(80, (Width - 20) / Math.Max(1, cells.Count));
        var barWidth = (int)(slot * 0.7);
        var bars = cells.Select((cell, i) =>
        {
            var center = 10 + (i * slot) + (slot / 2);
            var barHeight = cell.Hidden || cell.Count == 0 ? 0 : Math.Max(2, (int)Math.Round((double)cell.Count / max * plotHeight));
            var bar = barHeight == 0
                ? Html.Empty
                : Html.Of($"<rect class=\"bar {cell.CssClass}\" x=\"{center - (barWidth / 2)}\" y=\"{baseline - barHeight}\" width=\"{barWidth}\" height=\"{barHeight}\"><title>{cell.Label}: {cell.Display}</title></rect>");
            return Html.Of($"""
                {bar}<text class="value" x="{center}" y="{baseline - barHeight - 5}" text-anchor="middle">{cell.Display}</text><text class="axis" x="{center}" y="{baseline + 18}" text-anchor="middle">{Short(cell.Label, 12)}</text>
                """);
        });
        var chartWidth = 20 + (cells.Count * slot);
        return Html.Of($"""
            <svg class="chart histogram" id="{id}" role="img" aria-labelledby="{id}-title" viewBox="0 0 {chartWidth} {height}" width="{chartWidth}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title><line class="baseline" x1="5" y1="{baseline}" x2="{chartWidth - 5}" y2="{baseline}"/>{bars}</svg>
            """);
    }

    private static string Short(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}

/// <param name="Display">What the cell shows: the count, "&lt; 5" or the hidden marker.</param>
/// <param name="CssClass">Extra class for the bar (e.g. NPS detractor / passive / promoter).</param>
public sealed record ChartCell(string Label, int Count, bool Hidden, string Display, string CssClass = "")
{
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
