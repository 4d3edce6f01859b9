using System.Globalization;

namespace Assistant.Bench;

/// <summary>Output helpers: figures are always printed with the invariant culture (a dot before decimals).</summary>
internal static class Format
{
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The nearest-rank percentile (p in 0..1) of values already sorted ascending.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static double Milliseconds(long ticks) => ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;

    public static double Microseconds(long ticks) => ticks * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency;

    public static string Verdict(bool met) => met ? "MET" : "MISSED";
}
