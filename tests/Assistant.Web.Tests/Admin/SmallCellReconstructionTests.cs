using static Assistant.Web.Tests.Admin.AdminData;

namespace Assistant.Web.Tests.Admin;

/// <summary>Attempts to work a hidden count back out of what the results page does show: each must fail.</summary>
public sealed class SmallCellReconstructionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_follow_up_asked_only_after_a_hidden_answer_does_not_give_its_count_away()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        // often 10, sometimes 3 (hidden), never 8, not aware 6 (hidden with it). The satisfaction question is asked after
        // often, sometimes and rarely: its 13 respondents minus the 10 "often" shown would be the hidden 3.
        var uses = Enumerable.Repeat("often", 10).Concat(Enumerable.Repeat("sometimes", 3))
            .Concat(Enumerable.Repeat("never", 8)).Concat(Enumerable.Repeat("not-aware", 6)).ToList();
        for (var i = 0; i < uses.Count; i++)
        {
            (string, SurveyAnswerValue)[] answers = uses[i] is "often" or "sometimes"
                ? [("e-services-use", Option(uses[i])), ("satisfaction", Number(4))]
                : [("e-services-use", Option(uses[i]))];
            await RespondAsync(store, now.AddMinutes(i), participant: Key("r" + i), answers: answers);
        }

        using var client = await host.SignedInAsync(AdminHost.ReviewerName);
        var html = await client.HtmlAsync($"/admin/surveys/{Survey}");

        var use = HtmlText.Section(html, "e-services-use");
        Assert.Equal(["Няколко пъти в годината", "< 5", "—"], HtmlText.RowCells(use, "Няколко пъти в годината"));
        var satisfaction = HtmlText.Visible(HtmlText.Section(html, "satisfaction"));
        Assert.Contains("Резултатите не се показват", satisfaction, StringComparison.Ordinal);
        Assert.DoesNotContain("13", satisfaction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follow_up_whose_condition_takes_in_every_hidden_answer_is_still_shown()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        var uses = Enumerable.Repeat("often", 10).Concat(Enumerable.Repeat("sometimes", 3)).Concat(Enumerable.Repeat("rarely", 2))
            .Concat(Enumerable.Repeat("never", 8)).ToList();
        for (var i = 0; i < uses.Count; i++)
        {
            (string, SurveyAnswerValue)[] answers = uses[i] is "never"
                ? [("e-services-use", Option(uses[i]))]
                : [("e-services-use", Option(uses[i])), ("satisfaction", Number(4))];
            await RespondAsync(store, now.AddMinutes(i), participant: Key("s" + i), answers: answers);
        }

        using var client = await host.SignedInAsync(AdminHost.ReviewerName);
        var html = await client.HtmlAsync($"/admin/surveys/{Survey}");

        // 15 respondents minus the 10 shown gives 5 = 3 + 2, which the gate question's own total gives anyway.
        var satisfaction = HtmlText.Section(html, "satisfaction");
        Assert.Equal(["4", "15", "100 %"], HtmlText.RowCells(satisfaction, "<td>4</td>"));
    }
}
