namespace Assistant.Web.Admin.Reports;

/// <summary>
/// Small-cell protection: a count of 1 to 4 respondents is shown as "&lt; 5", with no percentage and no bar, so a filtered
/// table cannot single anyone out. Where the cells of a question add up to its total (single choice, yes/no, scales,
/// NPS) and exactly one cell is hidden, the next smallest cell is hidden too, so the hidden one cannot be worked out by
/// subtraction. Admins may switch the protection off for a page (<c>cells=all</c>).
/// </summary>
public sealed class SmallCells(bool protect)
{
    public const int Threshold = 5;

    public const string Small = "< 5";

    public bool Protect { get; } = protect;

    public static bool IsSmall(int count) => count is > 0 and < Threshold;

    /// <summary>Whether a total (e.g. respondents of a question) must be hidden.</summary>
    public bool Hides(int count) => Protect && IsSmall(count);

    /// <summary>Which cells of a question to hide: small ones, plus the complementary one for partitions.</summary>
    public bool[] HiddenCells(IReadOnlyList<int> counts, bool partition)
    {
        var hidden = counts.Select(c => Protect && IsSmall(c)).ToArray();
        if (Protect && partition && hidden.Count(h => h) == 1)
        {
            var next = Enumerable.Range(0, counts.Count)
                .Where(i => !hidden[i] && counts[i] > 0)
                .OrderBy(i => counts[i])
                .Cast<int?>()
                .FirstOrDefault();
            if (next is { } index)
            {
                hidden[index] = true;
            }
        }

        return hidden;
    }
}
