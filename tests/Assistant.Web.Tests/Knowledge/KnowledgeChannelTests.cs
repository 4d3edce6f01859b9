using Assistant.Web.Tests.Admin;
using Assistant.Web.Tests.Telegram;

namespace Assistant.Web.Tests.Knowledge;

/// <summary>
/// The questions citizens once got "I don't know" or the wrong entry for, asked over Direct Line and in Telegram; "did
/// you mean" buttons in Telegram; the helpful-or-not pair from the chat to the staff desk.
/// </summary>
public sealed class KnowledgeChannelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly (string Question, string Entry)[] NamedQuestions =
    [
        ("Какво е ICC?", "icc-overview"),
        ("kakvo e icc", "icc-overview"),
        ("ICC", "icc-overview"),
        ("tell me about ICC", "icc-overview"),
        ("kakvo e inovativna sofia", "team-innovative-sofia"),
        ("Who runs Innovative Sofia?", "team-leadership"),
        ("What is the sandbox?", "strategy-sandbox"),
        ("kakvo e strategiata za digitalna transformacia", "strategy-overview"),
    ];

    [Fact]
    public async Task Over_Direct_Line_each_is_answered_by_the_entry_it_names()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var (_, watermark) = await dl.PollUntilAsync(a => DirectLineClient.TextOf(a).StartsWith("Здравейте", StringComparison.Ordinal), Ct);

        foreach (var (question, entry) in NamedQuestions)
        {
            var id = await dl.PostMessageAsync(question, Ct);
            var (after, next) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == id && a["channelData"]?["assistant"] is not null, Ct, watermark);
            watermark = next;
            var answer = after.Last(a => (string?)a!["replyToId"] == id && a["channelData"]?["assistant"] is not null)!;
            Assert.True(entry == (string?)answer["channelData"]!["assistant"]!["knowledgeId"], $"\"{question}\" was answered by {answer["channelData"]!["assistant"]!["knowledgeId"]}");
        }
    }

    [Fact]
    public async Task In_Telegram_each_is_answered_by_the_entry_it_names()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 5101;
        var knowledge = telegram.Server.Services.GetService(typeof(Assistant.Core.Knowledge.IKnowledgeSource)) as Assistant.Core.Knowledge.IKnowledgeSource;

        foreach (var (question, entry) in NamedQuestions)
        {
            var before = telegram.Api.MessagesTo(chat).Count;
            await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, question), Ct);
            var sent = telegram.Api.MessagesTo(chat).Skip(before)
                .Select(m => System.Text.RegularExpressions.Regex.Replace(m.Text ?? "", "<[^>]+>", ""))
                .ToList();
            var expected = knowledge!.Current.Knowledge.Find(entry)!;
            // Telegram gets HTML: compare the answer's first words with the message's text, tags taken out.
            var opening = FirstWords(expected.Bg.Answer, expected.En.Answer);
            Assert.True(sent.Exists(t => opening.Any(o => t.Contains(o, StringComparison.Ordinal))),
                $"\"{question}\" got: {string.Join(" / ", sent)}");
        }
    }

    [Fact]
    public async Task In_Telegram_an_unsure_question_gets_did_you_mean_buttons_and_a_press_answers()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 5102;
        var knowledge = (Assistant.Core.Knowledge.IKnowledgeSource)telegram.Server.Services.GetService(typeof(Assistant.Core.Knowledge.IKnowledgeSource))!;
        var unsure = DevelopmentQuestions()
            .First(q => q.Lang == "bg" && knowledge.Current.Match(q.Question).Band == Assistant.Core.Knowledge.MatchBand.Suggest);

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, unsure.Question), Ct);

        var offer = telegram.Api.MessagesTo(chat)[^1];
        Assert.Contains("Това ли имахте предвид", offer.Text, StringComparison.Ordinal);
        Assert.InRange(offer.Buttons.Count, 1, 3);
        var before = telegram.Api.MessagesTo(chat).Count;
        await telegram.DeliverAsync(BotApiUpdates.Callback(chat, chat, offer.MessageId!.Value, offer.Buttons[0].Data), Ct);
        var answer = telegram.Api.MessagesTo(chat).Skip(before).First();
        Assert.Contains(answer.Buttons, b => b.Title == "👍 Полезно");
    }

    [Fact]
    public async Task In_Telegram_a_fallback_offers_the_closest_topics_and_the_menu_as_buttons()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 5103;

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "Кой спечели мача на Левски снощи?"), Ct);

        var messages = telegram.Api.MessagesTo(chat);
        Assert.Contains(messages, m => (m.Text ?? "").Contains("Още не знам", StringComparison.Ordinal));
        Assert.Contains(messages[^1].Buttons, b => b.Title == "Анкети");
    }

    [Fact]
    public async Task A_helpful_tap_in_the_chat_is_counted_on_the_staff_desk()
    {
        await using var host = await AdminHost.StartAsync();
        var dl = await DirectLineClient.StartAsync(host.CreateClient(), Ct);
        var (_, watermark) = await dl.PollUntilAsync(a => DirectLineClient.TextOf(a).StartsWith("Здравейте", StringComparison.Ordinal), Ct);
        watermark = await dl.SayAsync("What is the sandbox?", "Sandbox", watermark, Ct);
        watermark = await dl.SayAsync("👎 Not helpful", "Sorry", watermark, Ct);
        await dl.SayAsync("Какво е ICC?", "Intelligent Cities Challenge", watermark, Ct);
        await dl.SayAsync("👍 Полезно", "Благодаря", watermark, Ct);

        using var staff = await host.SignedInAsync(AdminHost.ReviewerName);
        var html = await staff.HtmlAsync("/admin/knowledge");

        var table = html[html.IndexOf("id=\"feedback\"", StringComparison.Ordinal)..];
        Assert.Matches("<code>strategy-sandbox</code></td><td><code>[0-9a-f]{12}</code></td><td class=\"num\">0</td><td class=\"num\">1</td>", table);
        Assert.Matches("<code>icc-overview</code></td><td><code>[0-9a-f]{12}</code></td><td class=\"num\">1</td><td class=\"num\">0</td>", table);
        var queue = await staff.HtmlAsync("/admin/unanswered");
        Assert.Contains("What is the sandbox?", queue, StringComparison.Ordinal);
    }

    private static string[] FirstWords(params string[] answers) =>
        answers.Select(a => a.Replace("*", "", StringComparison.Ordinal).Split('\n')[0])
            .Select(line => string.Join(' ', line.Split(' ').Take(4)))
            .ToArray();

    private static List<(string Lang, string Question)> DevelopmentQuestions() =>
        File.ReadAllLines(Path.Combine(RepoPaths.Root, "tests", "Assistant.Core.Tests", "Knowledge", "knowledge-eval-dev.tsv"))
            .Skip(1)
            .Select(l => l.Split('\t'))
            .Select(p => (p[0], p[3]))
            .ToList();
}
