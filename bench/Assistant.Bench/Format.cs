using System.Globalization;
using System.Runtime.CompilerServices;

namespace Assistant.Bench;

/// <summary>Output helpers: figures are always printed with the invariant culture (a dot before decimals).</summary>
internal static class Format
{
    /// <summary>Formats an interpolated string (also one concatenated from several) with the invariant culture.</summary>
    public static string Invariant(ref InvariantHandler text) => text.ToStringAndClear();

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

/// <summary>An interpolated string handler that formats with the invariant culture.</summary>
[InterpolatedStringHandler]
internal ref struct InvariantHandler
{
    private DefaultInterpolatedStringHandler _inner;

    public InvariantHandler(int literalLength, int formattedCount) =>
        _inner = new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture);

    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _inner.AppendFormatted(value, format);

    public void AppendFormatted<T>(T value, int alignment) => _inner.AppendFormatted(value, alignment);

    public void AppendFormatted<T>(T value, int alignment, string? format) => _inner.AppendFormatted(value, alignment, format);

    public string ToStringAndClear() => _inner.ToStringAndClear();
}
