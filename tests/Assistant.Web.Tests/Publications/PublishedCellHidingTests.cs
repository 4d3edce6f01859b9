using Assistant.Web.Admin.Reports;

namespace Assistant.Web.Tests.Publications;

/// <summary>
/// Which cells of a published question are hidden: the desk's small cells and their complement, then more until the hidden
/// cells cannot be worked out from the total and what is shown.
/// </summary>
public sealed class PublishedCellHidingTests
{
    [Theory]
    // One small cell: the next smallest goes with it, and their sum (13) says nothing about either.
    [InlineData(new[] { 3, 10, 12 }, new[] { true, true, false })]
    // Two small cells adding up to 4 would be a small count themselves: one more is hidden.
    [InlineData(new[] { 2, 2, 9, 30 }, new[] { true, true, true, false })]
    // Five cells of one each: their sum (5) would tell each is 1.
    [InlineData(new[] { 1, 1, 1, 1, 1, 20, 30 }, new[] { true, true, true, true, true, true, false })]
    // Three small cells adding up to 12 can only be 4 each.
    [InlineData(new[] { 4, 4, 4, 20, 25 }, new[] { true, true, true, true, false })]
    // Zeros are shown as they are and never hidden as a complement.
    [InlineData(new[] { 0, 3, 0, 7, 40 }, new[] { false, true, false, true, false })]
    // Nothing small: nothing hidden.
    [InlineData(new[] { 5, 0, 17 }, new[] { false, false, false })]
    public void Cells_that_add_up_to_a_known_total_hide_until_no_hidden_count_can_be_worked_out(int[] counts, bool[] hidden)
    {
        var result = PublishedResultsBuilder.Hide(counts, partition: true);

        Assert.Equal(hidden, result);
        var hiddenSum = counts.Where((_, i) => result[i]).Sum();
        Assert.True(hiddenSum == 0 || (hiddenSum >= 5 && result.Count(h => h) >= 2));
    }

    [Fact]
    public void Overlapping_cells_of_a_multi_choice_question_hide_only_the_small_ones()
    {
        Assert.Equal([true, false, true, false], PublishedResultsBuilder.Hide([3, 10, 1, 0], partition: false));
    }
}
