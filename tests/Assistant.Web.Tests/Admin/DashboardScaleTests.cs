using System.Diagnostics;
using Assistant.Web.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Tests.Admin;

/// <summary>The dashboard and the results page with 100,000 responses in the SQLite file.</summary>
public sealed class DashboardScaleTests
{
    private const int Responses = 100_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dashboard_counts_100000_responses_in_well_under_a_second()
    {
        await using var host = await AdminHost.StartAsync();
        await BulkInsertAsync(host.Get<SqliteDatabase>());
        using var client = await host.SignedInAsync(AdminHost.ReviewerName);
        await client.HtmlAsync("/admin");

        var watch = Stopwatch.StartNew();
        var html = await client.HtmlAsync("/admin");
        var dashboard = watch.Elapsed;
        watch.Restart();
        var results = await client.HtmlAsync($"/admin/surveys/{AdminData.Survey}");
        var resultsTime = watch.Elapsed;
        watch.Restart();
        var page = await client.HtmlAsync($"/admin/surveys/{AdminData.Survey}/responses?page=1500");
        var pageTime = watch.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"100,000 responses: dashboard {dashboard.TotalMilliseconds:0} ms, results {resultsTime.TotalMilliseconds:0} ms, responses page 1500 {pageTime.TotalMilliseconds:0} ms");

        var row = HtmlText.RowCells(html, $"/admin/surveys/{AdminData.Survey}\"");
        Assert.Equal("100 000", row[1].Replace('\u00A0', ' ').Replace('\u202F', ' '));
        Assert.True(dashboard < TimeSpan.FromSeconds(1), $"dashboard took {dashboard.TotalMilliseconds:0} ms");
        Assert.Contains("Отговори (с филтрите) 100", HtmlText.Visible(results), StringComparison.Ordinal);
        Assert.True(resultsTime < TimeSpan.FromSeconds(20), $"results took {resultsTime.TotalMilliseconds:0} ms");
        Assert.Contains("Страница 1500 от 2000", HtmlText.Visible(page), StringComparison.Ordinal);
        Assert.True(pageTime < TimeSpan.FromSeconds(2), $"responses page took {pageTime.TotalMilliseconds:0} ms");
    }

    /// <summary>One transaction of prepared inserts, in the stores' own formats (the stores would take minutes one commit at a time).</summary>
    private static async Task BulkInsertAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync(Ct);
        await using var transaction = connection.BeginTransaction();
        await using var response = connection.CreateCommand();
        response.Transaction = transaction;
        response.CommandText = """
            INSERT INTO survey_responses (id, survey_id, survey_version, participant_key, channel, started_at, completed_at, status)
            VALUES ($id, $survey, 1, $key, $channel, $started, $completed, $status)
            """;
        var id = response.Parameters.Add("$id", SqliteType.Text);
        response.Parameters.AddWithValue("$survey", AdminData.Survey);
        var key = response.Parameters.Add("$key", SqliteType.Text);
        var channel = response.Parameters.Add("$channel", SqliteType.Text);
        var started = response.Parameters.Add("$started", SqliteType.Text);
        var completed = response.Parameters.Add("$completed", SqliteType.Text);
        var status = response.Parameters.Add("$status", SqliteType.Text);
        await using var answer = connection.CreateCommand();
        answer.Transaction = transaction;
        answer.CommandText = "INSERT INTO survey_answers (response_id, question_id, value_json, answered_at) VALUES ($id, $question, $value, $at)";
        var answerId = answer.Parameters.Add("$id", SqliteType.Text);
        var question = answer.Parameters.Add("$question", SqliteType.Text);
        var value = answer.Parameters.Add("$value", SqliteType.Text);
        var at = answer.Parameters.Add("$at", SqliteType.Text);
        string[] uses = ["often", "sometimes", "rarely", "never", "not-aware"];
        var start = DateTimeOffset.UtcNow.AddDays(-90);
        for (var i = 0; i < Responses; i++)
        {
            var responseId = Guid.NewGuid().ToString("D");
            var time = start.AddSeconds(i * 77);
            id.Value = responseId;
            key.Value = "p_" + i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
            channel.Value = i % 3 == 0 ? "telegram" : "directline";
            started.Value = time.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            completed.Value = i % 5 == 0 ? DBNull.Value : time.AddMinutes(4).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            status.Value = i % 5 == 0 ? "in_progress" : "completed";
            await response.ExecuteNonQueryAsync(Ct);
            foreach (var (q, v) in new[]
                     {
                         ("e-services-use", new SurveyAnswerValue { Option = uses[i % 5] }),
                         ("recommend", new SurveyAnswerValue { Value = i % 11 }),
                         ("idea", new SurveyAnswerValue { Text = "Идея номер " + i }),
                     })
            {
                answerId.Value = responseId;
                question.Value = q;
                value.Value = v.ToJson();
                at.Value = time.AddMinutes(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                await answer.ExecuteNonQueryAsync(Ct);
            }
        }

        await transaction.CommitAsync(Ct);
    }
}
