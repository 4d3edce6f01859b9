using System.Net;
using System.Text.Json.Nodes;
using Assistant.Core.Knowledge;
using Assistant.Core.Surveys;
using Assistant.Web.Admin.Security;
using Assistant.Web.Admin.Stores;

using static Assistant.Web.Tests.Admin.AdminData;

namespace Assistant.Web.Tests.Admin;

public sealed class AdminPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dashboard_counts_responses_per_survey_recent_days_channels_and_the_knowledge_queue()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            await RespondAsync(store, now.AddDays(-1), "directline", answers: ("e-services-use", Option("often")));
        }

        await RespondAsync(store, now.AddDays(-10), "telegram", complete: false);
        await RespondAsync(store, now.AddDays(-12), "telegram", complete: false);
        var abandoned = await RespondAsync(store, now.AddDays(-40), "telegram", complete: false);
        await store.FinishAsync(abandoned, ResponseStatus.Abandoned, now.AddDays(-40), Ct);
        await RespondAsync(store, now.AddDays(-2), "telegram", survey: AnonymousSurvey);
        var unanswered = host.Get<IUnansweredStore>();
        var first = await AskAsync(unanswered, "Кога е следващата сесия на общинския съвет?", now.AddHours(-2));
        await AskAsync(unanswered, "Колко струва паркингът?", now.AddHours(-1));
        await host.Get<IUnansweredReviewStore>().ResolveAsync(new UnansweredResolution(first, UnansweredOutcome.OutOfScope, null, "test", now), Ct);
        await AnswerFromKnowledgeAsync(host, 3);
        using var client = await host.SignedInAsync(AdminHost.ReviewerName);

        var html = await client.HtmlAsync("/admin");

        var row = HtmlText.RowCells(html, $"/admin/surveys/{Survey}\"");
        Assert.Equal(["Електронно управление и гражданско участие в София e-government-participation · отворена", "6", "3", "50 %", "3", "5", "Уеб чат: 3 Telegram: 3"], row);
        Assert.Equal("1", HtmlText.RowCells(html, $"/admin/surveys/{AnonymousSurvey}\"")[1]);
        var text = HtmlText.Visible(html);
        Assert.Contains("Зададени въпроси 5", text, StringComparison.Ordinal);
        Assert.Contains("Дял с отговор 60 %", text, StringComparison.Ordinal);
        Assert.Contains("Чакат преглед 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_show_counts_percentages_charts_NPS_other_texts_and_free_texts_per_question()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        int[] nps = [10, 10, 9, 9, 9, 8, 7, 3, 2, 10, 10, 9];
        for (var i = 0; i < 12; i++)
        {
            var frequency = i < 6 ? "often" : i < 10 ? "sometimes" : "rarely";
            await RespondAsync(store, now.AddMinutes(i), i % 2 == 0 ? "directline" : "telegram", participant: Key("u" + i), answers:
            [
                ("e-services-use", Option(frequency)),
                ("satisfaction", Number(i < 8 ? 4 : i < 10 ? 3 : 2)),
                ("satisfaction-why", Text(i == 3 ? "Сайтът е бавен вечер" : "Всичко е наред " + i)),
                ("obstacles", i < 7 ? OptionsWithOther("Няма паркинг пред гишето", "slow") : Options("slow", "complicated")),
                ("recommend", Number(nps[i])),
                ("workshop-interest", Option(i < 7 ? "yes" : "no")),
            ]);
        }

        using var client = await host.SignedInAsync(AdminHost.ReviewerName);
        var html = await client.HtmlAsync($"/admin/surveys/{Survey}");

        var use = HtmlText.Section(html, "e-services-use");
        Assert.Equal(["Поне веднъж месечно", "6", "50 %"], HtmlText.RowCells(use, "Поне веднъж месечно"));
        Assert.Equal(["Няколко пъти в годината", "< 5", "—"], HtmlText.RowCells(use, "Няколко пъти в годината"));
        Assert.Equal(["Веднъж-дваж", "< 5", "—"], HtmlText.RowCells(use, "Веднъж-дваж"));
        Assert.Equal(["Нито веднъж", "0", "0 %"], HtmlText.RowCells(use, "Нито веднъж"));
        Assert.Contains("<svg class=\"chart bars\"", use, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(use, "<rect class=\"bar"));

        var satisfaction = HtmlText.Section(html, "satisfaction");
        Assert.Contains("<svg class=\"chart histogram\"", satisfaction, StringComparison.Ordinal);
        Assert.Equal(["4", "8", "66,7 %"], HtmlText.RowCells(satisfaction, "<td>4</td>"));
        // 8 fours shown, 4 answers hidden: a mean of 3,50 would give back two threes and two twos.
        Assert.Contains("Средно: скрито, за да не се разкрият малките групи", HtmlText.Visible(satisfaction), StringComparison.Ordinal);
        Assert.DoesNotContain("3,50", HtmlText.Visible(satisfaction), StringComparison.Ordinal);
        Assert.Equal(["2", "< 5", "—"], HtmlText.RowCells(satisfaction, "<td>2</td>"));

        var recommend = HtmlText.Section(html, "recommend");
        // The score with 8 promoters shown would give back the hidden detractors and passives.
        Assert.Contains("NPS: скрито", HtmlText.Visible(recommend), StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart histogram\"", recommend, StringComparison.Ordinal);
        // Every single value 0–10 has fewer than 5 answers here: no bar may give a count away.
        Assert.DoesNotContain("<rect", recommend, StringComparison.Ordinal);
        Assert.Contains("(критици 0–6: < 5 · неутрални 7–8: < 5 · препоръчващи 9–10: 8)", HtmlText.Visible(recommend), StringComparison.Ordinal);

        var obstacles = HtmlText.Section(html, "obstacles");
        Assert.Equal(["Бавна обработка и отговор", "12", "100 %"], HtmlText.RowCells(obstacles, "Бавна обработка и отговор"));
        Assert.Equal(["Сложни стъпки и формуляри", "5", "41,7 %"], HtmlText.RowCells(obstacles, "Сложни стъпки и формуляри"));
        Assert.Equal(["Друго", "7", "58,3 %"], HtmlText.RowCells(obstacles, "<td><bdi class=\"user\">Друго"));
        Assert.Contains("Няма паркинг пред гишето", obstacles, StringComparison.Ordinal);

        // Asked only after the answers 1–2 to satisfaction, where the hidden "2" cell sits: withheld while cells are protected.
        Assert.Contains("Резултатите не се показват", HtmlText.Visible(HtmlText.Section(html, "satisfaction-why")), StringComparison.Ordinal);
        using var admin = await host.SignedInAsync(AdminHost.AdminName);
        var why = HtmlText.Section(await admin.HtmlAsync($"/admin/surveys/{Survey}?cells=all"), "satisfaction-why");
        Assert.Contains("Сайтът е бавен вечер", why, StringComparison.Ordinal);
        Assert.Contains("Всичко е наред 11", why, StringComparison.Ordinal);

        var interest = HtmlText.Section(html, "workshop-interest");
        Assert.Equal(["Да", "7", "58,3 %"], HtmlText.RowCells(interest, "<td><bdi class=\"user\">Да"));
        Assert.Equal(["Не", "5", "41,7 %"], HtmlText.RowCells(interest, "<td><bdi class=\"user\">Не"));
        Assert.Contains("Отговори (с филтрите) 12", HtmlText.Visible(html), StringComparison.Ordinal);

        var searched = await admin.HtmlAsync($"/admin/surveys/{Survey}?q=бавен&cells=all");
        var searchedWhy = HtmlText.Section(searched, "satisfaction-why");
        Assert.Contains("Сайтът е бавен вечер", searchedWhy, StringComparison.Ordinal);
        Assert.DoesNotContain("Всичко е наред", searchedWhy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Small_cells_are_shown_as_under_5_with_the_complementary_cell_hidden_unless_an_admin_opts_in()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        for (var i = 0; i < 9; i++)
        {
            await RespondAsync(store, now.AddMinutes(i), answers: ("e-services-use", Option(i < 6 ? "often" : "never")));
        }

        await RespondAsync(store, now, "telegram", answers: ("e-services-use", Option("often")));
        await RespondAsync(store, now, "telegram", answers: ("e-services-use", Option("often")));

        using var reviewer = await host.SignedInAsync(AdminHost.ReviewerName);
        var reviewerPage = await reviewer.HtmlAsync($"/admin/surveys/{Survey}?cells=all");
        var protectedHtml = HtmlText.Section(reviewerPage, "e-services-use");
        Assert.Equal(["Нито веднъж", "< 5", "—"], HtmlText.RowCells(protectedHtml, "Нито веднъж"));
        // Otherwise 11 − 8 would give the 3 away.
        Assert.Equal(["Поне веднъж месечно", "скрито", "—"], HtmlText.RowCells(protectedHtml, "Поне веднъж месечно"));
        Assert.DoesNotContain("<rect class=\"bar", protectedHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"cells\"", reviewerPage, StringComparison.Ordinal);

        using var admin = await host.SignedInAsync();
        var adminDefault = HtmlText.Section(await admin.HtmlAsync($"/admin/surveys/{Survey}"), "e-services-use");
        Assert.Equal(["Нито веднъж", "< 5", "—"], HtmlText.RowCells(adminDefault, "Нито веднъж"));
        var optedIn = await admin.HtmlAsync($"/admin/surveys/{Survey}?cells=all");
        Assert.Contains("Защитата на малките клетки е изключена", optedIn, StringComparison.Ordinal);
        var open = HtmlText.Section(optedIn, "e-services-use");
        Assert.Equal(["Нито веднъж", "3", "27,3 %"], HtmlText.RowCells(open, "Нито веднъж"));
        Assert.Equal(["Поне веднъж месечно", "8", "72,7 %"], HtmlText.RowCells(open, "Поне веднъж месечно"));

        // A filter that leaves fewer than 5 respondents hides the totals and the mean as well.
        var narrow = await reviewer.HtmlAsync($"/admin/surveys/{Survey}?channel=telegram");
        Assert.Contains("Отговори (с филтрите) < 5", HtmlText.Visible(narrow), StringComparison.Ordinal);
        Assert.Equal(["Поне веднъж месечно", "< 5", "—"], HtmlText.RowCells(HtmlText.Section(narrow, "e-services-use"), "Поне веднъж месечно"));
    }

    [Fact]
    public async Task Filters_by_date_channel_and_completion_narrow_the_results_and_the_responses_table()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var today = DateTimeOffset.UtcNow.Date;
        for (var i = 0; i < 6; i++)
        {
            await RespondAsync(store, new DateTimeOffset(today.AddDays(-20), TimeSpan.Zero).AddHours(12).AddMinutes(i), "directline", answers: ("e-services-use", Option("often")));
            await RespondAsync(store, new DateTimeOffset(today.AddDays(-3), TimeSpan.Zero).AddHours(12).AddMinutes(i), "telegram", answers: ("e-services-use", Option("never")));
            await RespondAsync(store, new DateTimeOffset(today.AddDays(-3), TimeSpan.Zero).AddHours(12).AddMinutes(i), "telegram", complete: false, answers: ("e-services-use", Option("rarely")));
        }

        using var client = await host.SignedInAsync(AdminHost.ReviewerName);
        string Total(string html) => HtmlText.Visible(html).Split("Отговори (с филтрите) ")[1].Split(' ')[0];

        Assert.Equal("18", Total(await client.HtmlAsync($"/admin/surveys/{Survey}")));
        Assert.Equal("12", Total(await client.HtmlAsync($"/admin/surveys/{Survey}?channel=telegram")));
        Assert.Equal("6", Total(await client.HtmlAsync($"/admin/surveys/{Survey}?channel=telegram&completion=completed")));
        Assert.Equal("6", Total(await client.HtmlAsync($"/admin/surveys/{Survey}?completion=incomplete")));
        var from = today.AddDays(-5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var to = today.AddDays(-10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("12", Total(await client.HtmlAsync($"/admin/surveys/{Survey}?from={from}")));
        Assert.Equal("6", Total(await client.HtmlAsync($"/admin/surveys/{Survey}?to={to}")));
        var filtered = await client.HtmlAsync($"/admin/surveys/{Survey}?from={from}&completion=completed");
        Assert.Equal(["Нито веднъж", "6", "100 %"], HtmlText.RowCells(HtmlText.Section(filtered, "e-services-use"), "Нито веднъж"));
        Assert.Contains($"/api/admin/surveys/{Survey}/export?from={from}&amp;completion=completed&amp;format=csv", filtered, StringComparison.Ordinal);

        var responses = await client.HtmlAsync($"/admin/surveys/{Survey}/responses?channel=telegram&completion=incomplete");
        Assert.Contains("Общо: 6", HtmlText.Visible(responses), StringComparison.Ordinal);
        var bad = await client.HtmlAsync($"/admin/surveys/{Survey}?from=yesterday&completion=maybe");
        Assert.Contains("Неразпознати филтри (пренебрегнати): from, completion", HtmlText.Visible(bad), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_responses_table_pages_by_50_shows_short_keys_and_one_response_lists_its_answers_in_question_order()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var start = DateTimeOffset.UtcNow.AddDays(-2);
        var key = Key("person-1");
        for (var i = 0; i < 59; i++)
        {
            await RespondAsync(store, start.AddMinutes(i), answers: ("e-services-use", Option("often")));
        }

        var newest = await RespondAsync(store, start.AddHours(5), "telegram", participant: key, answers:
        [
            ("workshop-interest", Option("yes")),
            ("e-services-use", Option("sometimes")),
            ("obstacles", OptionsWithOther("Опашки", "slow")),
            ("recommend", Number(7)),
        ]);
        using var client = await host.SignedInAsync(AdminHost.ReviewerName);

        var first = await client.HtmlAsync($"/admin/surveys/{Survey}/responses");
        var second = await client.HtmlAsync($"/admin/surveys/{Survey}/responses?page=2");

        Assert.Equal(51, System.Text.RegularExpressions.Regex.Count(first, "<tr>"));
        Assert.Equal(11, System.Text.RegularExpressions.Regex.Count(second, "<tr>"));
        Assert.Contains("Страница 1 от 2", HtmlText.Visible(first), StringComparison.Ordinal);
        Assert.Contains(key[..10] + "…", first, StringComparison.Ordinal);
        Assert.DoesNotContain(key, first, StringComparison.Ordinal);
        Assert.Contains($"/admin/surveys/{Survey}/responses/{newest}", first, StringComparison.Ordinal);

        var one = await client.HtmlAsync($"/admin/surveys/{Survey}/responses/{newest}");
        Assert.Contains("Няколко пъти в годината", one, StringComparison.Ordinal);
        Assert.Contains("Бавна обработка и отговор", one, StringComparison.Ordinal);
        Assert.Contains("Опашки", one, StringComparison.Ordinal);
        var order = new[] { "e-services-use", "obstacles", "recommend", "workshop-interest" }
            .Select(id => one.IndexOf($">{id}</div>", StringComparison.Ordinal)).ToList();
        Assert.All(order, index => Assert.True(index > 0));
        Assert.Equal(order.Order().ToList(), order);
        Assert.DoesNotContain(key, one, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/surveys/{AnonymousSurvey}/responses/{newest}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/surveys/no-such-survey")).Status);
    }

    [Fact]
    public async Task The_knowledge_test_box_shows_the_answer_its_score_and_the_top_candidates_from_the_chat_matcher()
    {
        await using var host = await AdminHost.StartAsync();
        using var client = await host.SignedInAsync(AdminHost.ReviewerName);

        var answered = await client.HtmlAsync("/admin/knowledge?q=" + Uri.EscapeDataString("Какво е Intelligent Cities Challenge?"));
        var latin = await client.HtmlAsync("/admin/knowledge?q=" + Uri.EscapeDataString("koga e prieta strategiqta za digitalna transformaciq"));
        var unknown = await client.HtmlAsync("/admin/knowledge?language=en&q=" + Uri.EscapeDataString("Who won the football match yesterday?"));

        Assert.Contains("<code>icc-overview</code>", answered, StringComparison.Ordinal);
        Assert.Contains("отговаря", HtmlText.Visible(answered), StringComparison.Ordinal);
        Assert.Contains("Европейската комисия", answered, StringComparison.Ordinal);
        Assert.Contains("<code>strategy-approval</code>", latin, StringComparison.Ordinal);
        Assert.Contains("не знае", HtmlText.Visible(unknown), StringComparison.Ordinal);
        Assert.Matches("Оценка (0\\.\\d{3}|—)", HtmlText.Visible(unknown));
    }

    [Fact]
    public async Task Unanswered_questions_are_assigned_or_marked_out_of_scope_and_become_YAML_suggestions()
    {
        await using var host = await AdminHost.StartAsync();
        var unanswered = host.Get<IUnansweredStore>();
        var now = DateTimeOffset.UtcNow;
        var assign = await AskAsync(unanswered, "Какво точно е ICC за София?", now.AddMinutes(-3), candidates: [("icc-overview", 0.41), ("icc-sofia", 0.38)]);
        var outOfScope = await AskAsync(unanswered, "Кой спечели мача?", now.AddMinutes(-2), candidates: [("bot-capabilities", 0.05)]);
        var english = await AskAsync(unanswered, "what's the \"ICC\" thing?", now.AddMinutes(-1), "en", "telegram", [("icc-overview", 0.3)]);
        using var client = await host.SignedInAsync();

        var queue = await client.HtmlAsync("/admin/unanswered");
        Assert.Contains("Какво точно е ICC за София?", queue, StringComparison.Ordinal);
        Assert.Contains("<code>icc-overview</code> <span class=\"score\">0.41</span>", queue, StringComparison.Ordinal);
        Assert.Contains("<option value=\"icc-overview\" selected>", queue, StringComparison.Ordinal);
        Assert.Contains("Чакащи (3)", HtmlText.Visible(queue), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"/admin/unanswered/{assign}/assign", ("entryId", "icc-overview"), ("status", "waiting"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"/admin/unanswered/{english}/assign", ("entryId", "icc-overview"), ("status", "waiting"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"/admin/unanswered/{outOfScope}/out-of-scope", ("status", "waiting"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"/admin/unanswered/{assign}/assign", ("entryId", "no-such-entry"))).StatusCode);

        var waiting = await client.HtmlAsync("/admin/unanswered");
        Assert.Contains("Няма въпроси тук.", waiting, StringComparison.Ordinal);
        var assigned = await client.HtmlAsync("/admin/unanswered?status=assigned");
        Assert.Contains("Какво точно е ICC за София?", assigned, StringComparison.Ordinal);
        Assert.Contains("Извън обхвата (1)", HtmlText.Visible(assigned), StringComparison.Ordinal);

        using var download = await client.DownloadAsync("/admin/unanswered/suggestions.yaml");
        Assert.Equal("application/yaml", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        var yaml = await download.Content.ReadAsStringAsync(Ct);
        var parsed = (List<object>)new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(yaml)!;
        var entry = (Dictionary<object, object>)Assert.Single(parsed);
        Assert.Equal("icc-overview", entry["id"]);
        Assert.Equal(["Какво точно е ICC за София?"], (List<object>)((Dictionary<object, object>)entry["bg"])["questions"]);
        Assert.Equal(["what's the \"ICC\" thing?"], (List<object>)((Dictionary<object, object>)entry["en"])["questions"]);
        Assert.Contains("- id: \"icc-overview\"  # dialogs/knowledge/icc.yaml", yaml, StringComparison.Ordinal);
        Assert.Contains("  bg:\n    questions:\n      - \"Какво точно е ICC за София?\"", yaml, StringComparison.Ordinal);
        Assert.Contains("  en:\n    questions:\n      - \"what's the \\\"ICC\\\" thing?\"", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("мача", yaml, StringComparison.Ordinal);

        var suggestions = await client.HtmlAsync("/admin/unanswered/suggestions");
        Assert.Contains("Какво точно е ICC за София?", suggestions, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/admin/unanswered/suggestions/added", ("id", assign.ToString()), ("id", english.ToString()))).StatusCode);
        var afterAdded = await (await client.DownloadAsync("/admin/unanswered/suggestions.yaml")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("(no suggestions waiting)", afterAdded, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"/admin/unanswered/{outOfScope}/reopen", ("status", "out-of-scope"))).StatusCode);
        Assert.Contains("Кой спечели мача?", await client.HtmlAsync("/admin/unanswered"), StringComparison.Ordinal);
        var audit = await host.Get<IAuditLogStore>().ListAsync(0, 50, Ct);
        Assert.Contains(audit, e => e.Action == "unanswered.assign" && e.Subject == assign.ToString() && e.Details == "entry=icc-overview");
        Assert.Contains(audit, e => e.Action == "unanswered.out-of-scope" && e.Actor == AdminHost.AdminName);
    }

    [Fact]
    public async Task A_participant_is_looked_up_by_key_and_erased_by_an_admin_with_an_audit_entry()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var key = Key("citizen-7");
        var other = Key("citizen-8");
        await store.RecordConsentAsync(new ConsentRecord(key, Survey, 1, "telegram", DateTimeOffset.UtcNow.AddHours(-1)), Ct);
        await RespondAsync(store, DateTimeOffset.UtcNow.AddHours(-1), "telegram", participant: key, answers:
            [("e-services-use", Option("often")), ("idea", Text("Повече пейки в парка"))]);
        await RespondAsync(store, DateTimeOffset.UtcNow.AddHours(-1), "telegram", participant: other, answers: ("e-services-use", Option("never")));
        using var reviewer = await host.SignedInAsync(AdminHost.ReviewerName);
        using var admin = await host.SignedInAsync();

        var seen = await reviewer.HtmlAsync("/admin/participants?key=" + key.ToUpperInvariant());
        Assert.Contains("Повече пейки в парка", seen, StringComparison.Ordinal);
        Assert.Contains("Съгласия (1)", HtmlText.Visible(seen), StringComparison.Ordinal);
        Assert.DoesNotContain("/admin/participants/erase", seen, StringComparison.Ordinal);
        Assert.Contains("Това не е код на участник", await reviewer.HtmlAsync("/admin/participants?key=12345"), StringComparison.Ordinal);

        var page = await admin.HtmlAsync("/admin/participants?key=" + key);
        Assert.Contains("action=\"/admin/participants/erase\"", page, StringComparison.Ordinal);
        using var unconfirmed = await admin.PostAsync("/admin/participants/erase", ("key", key));
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.NotEmpty(await store.GetConsentsAsync(key, Ct));

        using var erased = await admin.PostAsync("/admin/participants/erase", ("key", key), ("confirm", "yes"));

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Contains($"Данните на {key} са изтрити", HtmlText.Visible(await erased.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.Empty(await store.GetConsentsAsync(key, Ct));
        Assert.Empty(await store.FindByParticipantAsync(Survey, key, Ct));
        Assert.Single(await store.FindByParticipantAsync(Survey, other, Ct));
        Assert.Contains("Нищо не е записано", await admin.HtmlAsync("/admin/participants?key=" + key), StringComparison.Ordinal);
        var entry = Assert.Single(await host.Get<IAuditLogStore>().ListAsync(0, 50, Ct), e => e.Action == "participant.erase");
        Assert.Equal(AdminHost.AdminName, entry.Actor);
        Assert.Equal(key, entry.Subject);
        Assert.InRange(entry.At, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var auditPage = await admin.HtmlAsync("/admin/audit");
        Assert.Contains("participant.erase", auditPage, StringComparison.Ordinal);
        Assert.Contains(key, auditPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_manages_staff_accounts_and_cannot_remove_the_last_admin()
    {
        await using var host = await AdminHost.StartAsync();
        using var admin = await host.SignedInAsync();
        await admin.HtmlAsync("/admin/staff");

        using var weak = await admin.PostAsync("/admin/staff", ("name", "Vesela"), ("role", "reviewer"), ("password", "short"));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("поне 12 знака", await weak.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var created = await admin.PostAsync("/admin/staff", ("name", "Vesela"), ("role", "reviewer"), ("password", "a-long-enough-pass"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var account = await host.Get<IStaffStore>().FindAsync("vesela", Ct);
        Assert.Equal(StaffRoles.Reviewer, account!.Role);
        using var vesela = await host.SignedInAsync("vesela", "a-long-enough-pass");

        await admin.HtmlAsync("/admin/staff");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/admin/staff/vesela/role", ("role", "admin"))).StatusCode);
        Assert.Equal(StaffRoles.Admin, (await host.Get<IStaffStore>().FindAsync("vesela", Ct))!.Role);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/admin/staff/vesela/password", ("password", "another-long-pass"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await vesela.GetAsync("/admin")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/admin/staff/vesela/delete")).StatusCode);
        Assert.Null(await host.Get<IStaffStore>().FindAsync("vesela", Ct));

        using var lastAdmin = await admin.PostAsync("/admin/staff/ada/role", ("role", "reviewer"));
        Assert.Equal(HttpStatusCode.BadRequest, lastAdmin.StatusCode);
        Assert.Equal(StaffRoles.Admin, (await host.Get<IStaffStore>().FindAsync(AdminHost.AdminName, Ct))!.Role);
        var actions = (await host.Get<IAuditLogStore>().ListAsync(0, 50, Ct)).Select(e => e.Action).ToList();
        Assert.Contains("staff.create", actions);
        Assert.Contains("staff.role", actions);
        Assert.Contains("staff.password", actions);
        Assert.Contains("staff.delete", actions);
    }

    [Fact]
    public async Task Pages_are_in_Bulgarian_by_default_and_in_English_on_request_which_is_remembered()
    {
        await using var host = await AdminHost.StartAsync();
        using var client = await host.SignedInAsync();

        var bulgarian = await client.HtmlAsync("/admin");
        var english = await client.HtmlAsync("/admin?lang=en");
        var remembered = await client.HtmlAsync($"/admin/surveys/{Survey}");
        var back = await client.HtmlAsync($"/admin/surveys/{Survey}?lang=bg");

        Assert.Contains("<html lang=\"bg\">", bulgarian, StringComparison.Ordinal);
        Assert.Contains("<h1>Обобщение</h1>", bulgarian, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("<h1>Dashboard</h1>", english, StringComparison.Ordinal);
        Assert.Contains("E-government and citizen participation in Sofia", remembered, StringComparison.Ordinal);
        Assert.Contains("Download CSV", remembered, StringComparison.Ordinal);
        Assert.Contains("Изтегли CSV", back, StringComparison.Ordinal);
        var guest = host.NewClient();
        guest.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB");
        Assert.Contains("Staff sign-in", await guest.HtmlAsync("/admin/login"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_text_of_the_desk_exists_in_both_languages()
    {
        foreach (var key in Assistant.Web.Admin.AdminTexts.Keys)
        {
            Assert.False(string.IsNullOrWhiteSpace(Assistant.Web.Admin.AdminTexts.Get("bg", key)), key);
            Assert.False(string.IsNullOrWhiteSpace(Assistant.Web.Admin.AdminTexts.Get("en", key)), key);
        }

        await Task.CompletedTask;
    }

    /// <summary>Transcript entries as the knowledge responder writes them for confident answers.</summary>
    private static async Task AnswerFromKnowledgeAsync(AdminHost host, int count)
    {
        var transcripts = host.Get<ITranscriptStore>();
        for (var i = 0; i < count; i++)
        {
            var activity = new JsonObject
            {
                ["type"] = "message",
                ["text"] = "answer",
                ["channelData"] = new JsonObject { ["assistant"] = new JsonObject { ["knowledgeId"] = "icc-overview", ["score"] = 0.9 } },
            };
            await transcripts.AppendAsync(
            [
                new TranscriptEntry("directline/c" + i, TranscriptEntry.Inbound, null, DateTimeOffset.UtcNow, "{\"type\":\"message\",\"text\":\"q\"}"),
                new TranscriptEntry("directline/c" + i, TranscriptEntry.Outbound, null, DateTimeOffset.UtcNow, activity.ToJsonString()),
            ], Ct);
        }
    }
}
