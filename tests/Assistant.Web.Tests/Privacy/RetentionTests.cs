using Assistant.Core.Knowledge;
using Assistant.Web.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Privacy;

public sealed class RetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Conversation_texts_older_than_the_retention_are_purged_and_survey_answers_are_kept()
    {
        var clock = new ManualClock();
        await using var server = AssistantServer.Start(clock: clock, settings: new() { ["Retention:ConversationDays"] = "30" });
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
        var oldId = await dl.PostMessageAsync("Колко струва билетът за метрото 4711?", Ct);
        (_, watermark) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == oldId, Ct, watermark);
        var answerId = await dl.PostMessageAsync("/survey workshop-feedback", Ct);
        (_, watermark) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == answerId, Ct, watermark);
        var consentId = await dl.PostMessageAsync("Съгласен/на съм", Ct);
        (_, watermark) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == consentId, Ct, watermark);
        var ratingId = await dl.PostMessageAsync("5", Ct);
        (_, watermark) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == ratingId, Ct, watermark);
        var pauseId = await dl.PostMessageAsync("пауза", Ct);
        (_, watermark) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == pauseId, Ct, watermark);

        clock.Advance(TimeSpan.FromDays(31));
        dl.Token = AssistantServer.Secret;   // the conversation token expired a month ago; the server-side secret still works
        var freshId = await dl.PostMessageAsync("Кога е мачът на Левски 8822?", Ct);
        (_, watermark) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == freshId, Ct, watermark);

        var purged = await server.Services.GetRequiredService<RetentionService>().RunOnceAsync(Ct);

        Assert.True(purged > 0);
        var unanswered = await server.Services.GetRequiredService<IUnansweredStore>().ListAsync(10, Ct);
        Assert.Equal(["Кога е мачът на Левски 8822?"], unanswered.Select(q => q.Text));
        var transcript = await server.Services.GetRequiredService<ITranscriptStore>().ReadAsync("directline/" + dl.ConversationId, Ct);
        Assert.DoesNotContain(transcript, e => e.ActivityJson.Contains("4711", StringComparison.Ordinal));
        Assert.Contains(transcript, e => e.ActivityJson.Contains("8822", StringComparison.Ordinal));
        var (log, _) = await dl.GetActivitiesAsync(null, Ct);
        Assert.DoesNotContain(log, a => DirectLineClient.TextOf(a!).Contains("4711", StringComparison.Ordinal));
        Assert.Contains(log, a => DirectLineClient.TextOf(a!).Contains("8822", StringComparison.Ordinal));

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM survey_answers";
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync(Ct))!);
    }

    [Fact]
    public async Task Survey_answers_are_deleted_the_day_after_the_date_the_consent_notice_gives()
    {
        var clock = new ManualClock();
        await using var server = AssistantServer.Start(clock: clock);
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
        var startId = await dl.PostMessageAsync("/survey workshop-feedback", Ct);
        var (consent, next) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == startId, Ct, watermark);
        Assert.Contains("31.12.2028 г.", string.Join("\n", consent.Select(a => DirectLineClient.TextOf(a!))), StringComparison.Ordinal);
        var consentId = await dl.PostMessageAsync("Съгласен/на съм", Ct);
        (_, next) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == consentId, Ct, next);
        var ratingId = await dl.PostMessageAsync("5", Ct);
        await dl.PollUntilAsync(a => (string?)a["replyToId"] == ratingId, Ct, next);
        var retention = server.Services.GetRequiredService<RetentionService>();

        clock.Advance(new DateTimeOffset(2028, 12, 31, 21, 0, 0, TimeSpan.Zero) - clock.GetUtcNow());
        await retention.RunOnceAsync(Ct);
        Assert.Equal((1L, 1L), await CountAsync(server));

        clock.Advance(TimeSpan.FromHours(4));
        await retention.RunOnceAsync(Ct);
        Assert.Equal((0L, 0L), await CountAsync(server));
    }

    private static async Task<(long Answers, long Consents)> CountAsync(AssistantServer server)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        await using var answers = connection.CreateCommand();
        answers.CommandText = "SELECT COUNT(*) FROM survey_answers";
        await using var consents = connection.CreateCommand();
        consents.CommandText = "SELECT COUNT(*) FROM consents";
        return ((long)(await answers.ExecuteScalarAsync(Ct))!, (long)(await consents.ExecuteScalarAsync(Ct))!);
    }
}
