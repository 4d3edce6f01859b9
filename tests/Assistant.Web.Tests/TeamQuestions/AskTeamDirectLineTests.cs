using System.Net;
using System.Text.Json.Nodes;
using Assistant.Core.TeamQuestions;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Tests.Admin;
using Assistant.Web.Tests.Support;

namespace Assistant.Web.Tests.TeamQuestions;

/// <summary>
/// Ask the team over Direct Line with the whole server on a real SQLite file: the citizen's question reaches the desk,
/// the staff reply comes back into the same conversation, and the citizen can send it back once.
/// </summary>
public sealed class AskTeamDirectLineTests
{
    private const string Unknown = "Кога ще ремонтират детската площадка в Лозенец?";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fallback_question_reaches_the_desk_and_the_reply_comes_back_into_the_conversation_and_can_be_sent_back_once()
    {
        await using var host = await AdminHost.StartAsync();
        var dl = await DirectLineClient.StartAsync(host.CreateClient(), Ct);
        var reference = await AskAsync(dl);

        using var admin = await host.SignedInAsync();
        var inbox = await admin.HtmlAsync("/admin/questions");
        Assert.Contains(reference, inbox, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(Unknown), inbox, StringComparison.Ordinal);
        var question = (await host.Get<ITeamQuestionStore>().FindByReferenceAsync(reference, Ct))!;
        Assert.Equal($"directline/{dl.ConversationId}", question.ConversationKey);

        await admin.HtmlAsync($"/admin/questions/{question.Id}");
        var answered = await admin.PostAsync($"/admin/questions/{question.Id}/answer",
            ("reply", "Ремонтът е в плана за пролетта. <script>alert(1)</script> Подробности: https://www.sofia.bg/"));
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        var (all, watermark) = await dl.PollUntilAsync(a => DirectLineClient.TextOf(a).Contains("Ремонтът е в плана", StringComparison.Ordinal), Ct);
        var reply = all.Last(a => DirectLineClient.TextOf(a!).Contains("Ремонтът е в плана", StringComparison.Ordinal))!;
        Assert.Equal("plain", (string?)reply["textFormat"]);
        Assert.Equal("bot", (string?)reply["from"]!["role"]);
        Assert.Contains(reference, DirectLineClient.TextOf(reply), StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", DirectLineClient.TextOf(reply), StringComparison.Ordinal);
        Assert.Equal(["Благодаря, помогна ми", "Не отговаря на въпроса ми"],
            reply["suggestedActions"]!["actions"]!.AsArray().Select(b => (string?)b!["title"]));

        // The page shows the desk's text as text, and the audit log names who answered.
        var page = await admin.HtmlAsync($"/admin/questions/{question.Id}");
        Assert.DoesNotContain("<script>alert(1)</script>", page, StringComparison.Ordinal);
        Assert.Contains(await host.Get<IAuditLogStore>().ListAsync(0, 50, Ct),
            e => e is { Action: "team-question.answer", Actor: AdminHost.AdminName } && e.Subject == reference);

        // "That didn't answer it": back in the inbox, and a second reply arrives without the buttons.
        watermark = await dl.SayAsync("Не отговаря на въпроса ми", reference, watermark, Ct);
        Assert.Contains(reference, await admin.HtmlAsync("/admin/questions?status=open"), StringComparison.Ordinal);
        await admin.HtmlAsync($"/admin/questions/{question.Id}");
        var pointer = await admin.PostAsync($"/admin/questions/{question.Id}/not-our-remit",
            ("pointer", "Обърнете се към район „Лозенец“: https://www.lozenets.bg/"));
        Assert.Equal(HttpStatusCode.Redirect, pointer.StatusCode);
        var (second, _) = await dl.PollUntilAsync(a => DirectLineClient.TextOf(a).Contains("lozenets.bg", StringComparison.Ordinal), Ct, watermark);
        var notOurs = second.Last(a => DirectLineClient.TextOf(a!).Contains("lozenets.bg", StringComparison.Ordinal))!;
        Assert.Contains("не се занимава нашият екип", DirectLineClient.TextOf(notOurs), StringComparison.Ordinal);
        Assert.Null(notOurs["suggestedActions"]);
        var closed = (await host.Get<ITeamQuestionStore>().GetAsync(question.Id, Ct))!;
        Assert.Equal((TeamQuestionStatus.NotOurRemit, TeamDelivery.Delivered, TeamFollowUp.Reopened), (closed.Status, closed.Delivery, closed.FollowUp));
    }

    [Fact]
    public async Task Reviewers_read_the_inbox_but_cannot_reply_assign_or_close()
    {
        await using var host = await AdminHost.StartAsync();
        var dl = await DirectLineClient.StartAsync(host.CreateClient(), Ct);
        var reference = await AskAsync(dl, email: "citizen@example.bg");
        var question = (await host.Get<ITeamQuestionStore>().FindByReferenceAsync(reference, Ct))!;

        using var reviewer = await host.SignedInAsync(AdminHost.ReviewerName);
        var page = await reviewer.HtmlAsync($"/admin/questions/{question.Id}");
        Assert.Contains(WebUtility.HtmlEncode(Unknown), page, StringComparison.Ordinal);
        Assert.DoesNotContain("citizen@example.bg", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"reply\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsync($"/admin/questions/{question.Id}/answer", ("reply", "Здравейте"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsync($"/admin/questions/{question.Id}/assign", ("assignee", AdminHost.ReviewerName))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsync($"/admin/questions/{question.Id}/not-our-remit", ("pointer", "x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsync($"/admin/questions/{question.Id}/duplicate", ("reference", reference))).StatusCode);

        var unchanged = (await host.Get<ITeamQuestionStore>().GetAsync(question.Id, Ct))!;
        Assert.Equal((TeamQuestionStatus.Open, null, 1), (unchanged.Status, unchanged.AssignedTo, unchanged.Version));

        using var admin = await host.SignedInAsync();
        Assert.Contains("citizen@example.bg", await admin.HtmlAsync($"/admin/questions/{question.Id}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync($"/admin/questions/{question.Id}/assign", ("assignee", AdminHost.ReviewerName))).StatusCode);
        Assert.Equal(AdminHost.ReviewerName, (await host.Get<ITeamQuestionStore>().GetAsync(question.Id, Ct))!.AssignedTo);
    }

    [Fact]
    public async Task A_duplicate_gets_the_earlier_reply_an_empty_reply_keeps_nothing_lost_and_the_answer_makes_a_knowledge_draft()
    {
        await using var host = await AdminHost.StartAsync();
        var first = await DirectLineClient.StartAsync(host.CreateClient(), Ct);
        var firstReference = await AskAsync(first);
        var second = await DirectLineClient.StartAsync(host.CreateClient(), Ct);
        var secondReference = await AskAsync(second);
        var store = host.Get<ITeamQuestionStore>();
        var one = (await store.FindByReferenceAsync(firstReference, Ct))!;
        var two = (await store.FindByReferenceAsync(secondReference, Ct))!;

        using var admin = await host.SignedInAsync();
        await admin.HtmlAsync($"/admin/questions/{two.Id}");
        var early = await admin.PostAsync($"/admin/questions/{two.Id}/duplicate", ("reference", firstReference));
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);   // not answered yet

        await admin.HtmlAsync($"/admin/questions/{one.Id}");
        var blank = await admin.PostAsync($"/admin/questions/{one.Id}/answer", ("reply", "   "));
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        var tooLong = await admin.PostAsync($"/admin/questions/{one.Id}/answer", ("reply", "Дълъг отговор. " + new string('я', 4100)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("Дълъг отговор.", await tooLong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect,
            (await admin.PostAsync($"/admin/questions/{one.Id}/answer", ("reply", "Площадката е в плана за \"пролетта\" на 2027 г."))).StatusCode);

        await admin.HtmlAsync($"/admin/questions/{two.Id}");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync($"/admin/questions/{two.Id}/duplicate", ("reference", firstReference.ToLowerInvariant()))).StatusCode);
        var (all, _) = await second.PollUntilAsync(a => DirectLineClient.TextOf(a).Contains("пролетта", StringComparison.Ordinal), Ct);
        Assert.Contains(all, a => DirectLineClient.TextOf(a!).Contains("вече е отговорено", StringComparison.Ordinal));
        Assert.Equal(firstReference, (await store.GetAsync(two.Id, Ct))!.DuplicateOf);

        var yaml = await (await admin.DownloadAsync($"/admin/questions/{one.Id}/knowledge.yaml")).Content.ReadAsStringAsync(Ct);
        var entry = new YamlDotNet.Serialization.Deserializer().Deserialize<List<Dictionary<string, object>>>(
            string.Join('\n', yaml.Split('\n').Where(l => !l.StartsWith('#'))))[0];
        var bg = (Dictionary<object, object>)entry["bg"];
        Assert.Equal([Unknown], ((List<object>)bg["questions"]).Cast<string>());
        Assert.Equal("Площадката е в плана за \"пролетта\" на 2027 г.", bg["answer"]);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DownloadAsync($"/admin/questions/{two.Id}/knowledge.yaml")).StatusCode);
    }

    [Fact]
    public async Task A_restart_between_the_question_and_the_reply_loses_nothing_and_the_reply_waits_for_the_next_visit()
    {
        var database = AssistantServer.NewDatabasePath();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = $"Data Source={database}" };
        string reference, token, conversationId;
        await using (var before = AssistantServer.Start(database))
        {
            var dl = await DirectLineClient.StartAsync(before.NewClient(), Ct);
            reference = await AskAsync(dl, email: "ivan@example.bg");
            (token, conversationId) = (dl.Token!, dl.ConversationId!);
        }

        await using var after = await AdminHost.StartAsync(settings);
        var question = (await after.Get<ITeamQuestionStore>().FindByReferenceAsync(reference, Ct))!;
        Assert.Equal(("ivan@example.bg", TeamQuestionStatus.Open), (question.Email, question.Status));
        using var admin = await after.SignedInAsync();
        await admin.HtmlAsync($"/admin/questions/{question.Id}");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync($"/admin/questions/{question.Id}/answer", ("reply", "Отговорът след рестарта."))).StatusCode);
        await WaitDeliveredAsync(after.Get<ITeamQuestionStore>(), question.Id);

        // The citizen comes back later to the same conversation: the reply is there.
        var visit = new DirectLineClient(after.CreateClient()) { Token = token, ConversationId = conversationId };
        var (all, _) = await visit.PollUntilAsync(a => DirectLineClient.TextOf(a).Contains("Отговорът след рестарта.", StringComparison.Ordinal), Ct);
        Assert.Contains(all, a => DirectLineClient.TextOf(a!).Contains(Unknown, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forget_erases_the_question_and_the_email()
    {
        await using var host = await AdminHost.StartAsync();
        var dl = await DirectLineClient.StartAsync(host.CreateClient(), Ct);
        var reference = await AskAsync(dl, email: "erase-me@example.bg");
        var (_, watermark) = await dl.GetActivitiesAsync(null, Ct);
        watermark = await dl.SayAsync("/mydata", reference, watermark, Ct);

        watermark = await dl.SayAsync("/forget", "Да изтрия ли", watermark, Ct);
        await dl.SayAsync("Да, изтрий всичко", "изтрих всичко", watermark, Ct);

        Assert.Null(await host.Get<ITeamQuestionStore>().FindByReferenceAsync(reference, Ct));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={host.DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM team_questions WHERE email LIKE '%erase-me%' OR text LIKE '%Лозенец%'";
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync(Ct))!);
    }

    /// <summary>Fallback → "Попитай екипа" → send the question → e-mail or none; returns the reference the citizen is given.</summary>
    internal static async Task<string> AskAsync(DirectLineClient dl, string? email = null)
    {
        var (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
        watermark = await dl.SayAsync(Unknown, "Попитай екипа", watermark, Ct);
        watermark = await dl.SayAsync("Попитай екипа", Unknown, watermark, Ct);
        watermark = await dl.SayAsync("Изпрати въпроса", "имейл", watermark, Ct);
        var id = await dl.PostMessageAsync(email ?? "Без имейл", Ct);
        var (all, _) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == id && DirectLineClient.TextOf(a).Contains("Номерът му е", StringComparison.Ordinal),
            Ct, watermark);
        var text = DirectLineClient.TextOf(all.Last(a => (string?)a!["replyToId"] == id)!);
        var match = System.Text.RegularExpressions.Regex.Match(text, @"Q-[2-9A-Z]{6}");
        Assert.True(match.Success, text);
        return match.Value;
    }

    internal static async Task WaitDeliveredAsync(ITeamQuestionStore store, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await store.GetAsync(id, Ct))?.Delivery is not (TeamDelivery.Delivered or TeamDelivery.Blocked or TeamDelivery.Failed))
        {
            Assert.True(DateTime.UtcNow < deadline, "The reply was not delivered in time.");
            await Task.Delay(50, Ct);
        }
    }
}
