using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Assistant.Core.Surveys.Publications;
using Assistant.Web.Tests.Admin;
using static Assistant.Web.Tests.Admin.AdminData;

namespace Assistant.Web.Tests.Publications;

/// <summary>
/// The public results page over HTTP: nothing before publishing, the published tallies with no count under the
/// small-cell threshold and none that can be worked out from the rest, no free text or participant data, both languages,
/// the staff's note encoded.
/// </summary>
public sealed partial class PublishedResultsPageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Results_not_published_get_a_friendly_404_in_either_language()
    {
        await using var host = await AdminHost.StartAsync();
        using var visitor = host.NewClient();
        using var admin = await host.SignedInAsync();

        var bg = await visitor.GetAsync($"/results/{Survey}");
        await PublicationDesk.CloseAsync(admin, Survey);
        using var english = new HttpRequestMessage(HttpMethod.Get, $"/results/{Survey}");
        english.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        using var en = await visitor.Http.SendAsync(english, Ct);
        var unknown = await visitor.GetAsync("/results/no-such-survey?lang=en");

        Assert.Equal(HttpStatusCode.NotFound, bg.Status);
        Assert.Contains("<html lang=\"bg\">", bg.Html, StringComparison.Ordinal);
        Assert.Contains("За тази анкета още няма публикувани резултати.", bg.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, en.StatusCode);
        Assert.Contains("There are no published results for this survey yet.", await en.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("No published results", unknown.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Published_tallies_show_no_count_under_five_and_none_that_subtraction_gives_back()
    {
        await using var host = await AdminHost.StartAsync();
        await SeedAsync(host);
        using var admin = await host.SignedInAsync();
        await PublicationDesk.CloseAsync(admin, Survey);
        await PublicationDesk.PublishAsync(admin, Survey);
        using var visitor = host.NewClient();

        var html = await visitor.HtmlAsync($"/results/{Survey}?lang=bg");

        Assert.Contains("Попълнена докрай от 32 души.", html, StringComparison.Ordinal);
        Assert.Matches("Анкетата беше отворена от 1 януари 2026 г\\. до \\d{1,2} [а-я]+ 20\\d\\d г\\.</p>", html);
        // One small cell (3 "didn't know") and the next smallest (5 "never") are hidden: 32 − 8 − 7 − 9 = 8 is their sum only.
        var use = Section(html, "e-services-use");
        Assert.Equal(("8", "25 %"), Row(use, "Поне веднъж месечно"));
        Assert.Equal(("7", "22 %"), Row(use, "Няколко пъти в годината"));
        Assert.Equal(("9", "28 %"), Row(use, "Веднъж-дваж"));
        Assert.Equal(("скрито", "—"), Row(use, "Нито веднъж"));
        Assert.Equal(("скрито", "—"), Row(use, "Не знаех, че има такива"));
        Assert.DoesNotContain(">3<", use, StringComparison.Ordinal);
        Assert.DoesNotContain(">5<", use, StringComparison.Ordinal);
        Assert.DoesNotContain("9 %", use, StringComparison.Ordinal);    // 3 of 32
        Assert.DoesNotContain("16 %", use, StringComparison.Ordinal);   // 5 of 32
        // Asked of the 24 users (no hidden cell of the question before is in its condition): two small cells, their mean withheld.
        var satisfaction = Section(html, "satisfaction");
        Assert.Contains("Въпросът беше зададен на 24 души", satisfaction, StringComparison.Ordinal);
        Assert.Equal(("10", "42 %"), Row(satisfaction, "5"));
        Assert.Equal(("скрито", "—"), Row(satisfaction, "3"));
        Assert.Equal(("скрито", "—"), Row(satisfaction, "2"));
        Assert.DoesNotContain("Средна оценка", satisfaction, StringComparison.Ordinal);
        // NPS with nothing hidden shows its score.
        Assert.True(Section(html, "recommend").Contains("NPS (нетна препоръка): &#x2B;100", StringComparison.Ordinal), Section(html, "recommend"));
        // Asked only of "never" (5), which is hidden together with "didn't know" (3): withheld, or it would split them.
        Assert.Contains("Не публикуваме числата за този въпрос", Section(html, "non-use-reasons"), StringComparison.Ordinal);
        Assert.Contains("Свободните отговори се четат от екипа и не се публикуват.", Section(html, "satisfaction-why"), StringComparison.Ordinal);
        AssertNothingSmallOrDerivable(html, "скрито");
        // No free text, "other" text, participant, channel or campaign.
        Assert.DoesNotContain("Тайна жалба", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Моята лична история", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Key("user-0")[..10], html, StringComparison.Ordinal);
        Assert.DoesNotContain("directline", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("poster-metro", html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart bars\"", use, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart histogram\"", satisfaction, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        // A response completed after publishing does not move the published figures.
        await RespondAsync(host.Get<ISurveyResponseStore>(), T0.AddDays(2), answers: ("e-services-use", Option("never")));
        Assert.Contains("Попълнена докрай от 32 души.", await visitor.HtmlAsync($"/results/{Survey}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_is_in_english_by_lang_or_browser_and_the_staff_note_is_shown_as_text()
    {
        await using var host = await AdminHost.StartAsync();
        await SeedAsync(host);
        using var admin = await host.SignedInAsync();
        await PublicationDesk.CloseAsync(admin, Survey);
        await PublicationDesk.NoteAsync(admin, Survey, "Ще направим <script>alert('bg')</script> услугите по-лесни.\n\nВторо изречение.",
            "We will make the services simpler <img src=x onerror=alert(1)>.");
        await PublicationDesk.PublishAsync(admin, Survey);
        using var visitor = host.NewClient();

        var en = await visitor.HtmlAsync($"/results/{Survey}?lang=en");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/results/{Survey}");
        request.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.8");
        using var byBrowser = await visitor.Http.SendAsync(request, Ct);
        var bg = await visitor.HtmlAsync($"/results/{Survey}");

        Assert.Contains("<html lang=\"en\">", en, StringComparison.Ordinal);
        Assert.Contains("Results: E-government and citizen participation in Sofia", en, StringComparison.Ordinal);
        Assert.Contains("Completed by 32 people.", en, StringComparison.Ordinal);
        Assert.Contains("The survey was open from 1 January 2026 to ", en, StringComparison.Ordinal);
        Assert.Equal(("hidden", "—"), Row(Section(en, "e-services-use"), "Never"));
        Assert.Equal(("8", "25%"), Row(Section(en, "e-services-use"), "At least once a month"));
        Assert.Contains("What we are doing with this", en, StringComparison.Ordinal);
        Assert.Contains("We will make the services simpler &lt;img src=x onerror=alert(1)&gt;.", en, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", en, StringComparison.Ordinal);
        AssertNothingSmallOrDerivable(en, "hidden");
        Assert.Contains("<html lang=\"en\">", await byBrowser.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("en", byBrowser.Content.Headers.ContentLanguage.Single());

        Assert.Contains("<html lang=\"bg\">", bg, StringComparison.Ordinal);
        Assert.Contains("Какво правим с това", bg, StringComparison.Ordinal);
        Assert.Contains("<p>Ще направим &lt;script&gt;alert(&#x27;bg&#x27;)&lt;/script&gt; услугите по-лесни.</p>", bg, StringComparison.Ordinal);
        Assert.Contains("<p>Второ изречение.</p>", bg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", bg, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"/results/e-government-participation?lang=en\"", bg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fewer_than_five_completed_responses_publish_no_figures_at_all()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        for (var i = 0; i < 4; i++)
        {
            await RespondAsync(store, T0.AddMinutes(i), participant: Key($"few-{i}"), answers: ("e-services-use", Option("often")));
        }

        using var admin = await host.SignedInAsync();
        await PublicationDesk.CloseAsync(admin, Survey);
        await PublicationDesk.PublishAsync(admin, Survey);

        var html = await host.NewClient().HtmlAsync($"/results/{Survey}");

        Assert.Contains("Анкетата попълниха твърде малко хора", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"question\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">4<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_pages_are_rate_limited_per_client()
    {
        await using var host = await AdminHost.StartAsync(new() { ["RateLimits:ResultsPagePerMinute"] = "3" });
        using var visitor = host.NewClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await visitor.GetAsync($"/results/{Survey}")).Status);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    /// <summary>
    /// Every table on the page: each count is hidden, 0 or at least 5; where a question's cells add up to the number asked
    /// (all but multi-choice), the hidden ones are never one alone and their sum (asked minus what is shown) is at least 5.
    /// </summary>
    internal static void AssertNothingSmallOrDerivable(string html, string hiddenWord)
    {
        foreach (Match section in SectionPattern().Matches(html))
        {
            var body = section.Value;
            var rows = RowPattern().Matches(body).Select(m => (Count: m.Groups["count"].Value, Percent: m.Groups["percent"].Value)).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            foreach (var (count, percent) in rows)
            {
                if (count == hiddenWord)
                {
                    Assert.Equal("—", percent);
                    continue;
                }

                var value = int.Parse(count, NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("bg-BG"));
                Assert.True(value == 0 || value >= 5, $"A count of {value} is shown in {section.Groups["id"].Value}");
            }

            var multi = body.Contains("class=\"muted\">Можеше да се изберат", StringComparison.Ordinal)
                || body.Contains("class=\"muted\">Several answers", StringComparison.Ordinal);
            if (multi || AskedPattern().Match(body) is not { Success: true } asked)
            {
                continue;
            }

            var hidden = rows.Count(r => r.Count == hiddenWord);
            var shown = rows.Where(r => r.Count != hiddenWord).Sum(r => int.Parse(r.Count, NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("bg-BG")));
            var rest = int.Parse(asked.Groups[1].Value, CultureInfo.InvariantCulture) - shown;
            Assert.NotEqual(1, hidden);
            Assert.True(hidden == 0 ? rest == 0 : rest >= 5, $"{section.Groups["id"].Value}: the hidden cells add up to {rest}");
        }
    }

    internal static string Section(string html, string questionId)
    {
        var match = SectionPattern().Matches(html).FirstOrDefault(m => m.Groups["id"].Value == questionId);
        Assert.True(match is not null, $"No section for {questionId}");
        return match!.Value;
    }

    private static (string Count, string Percent) Row(string section, string label)
    {
        var row = RowPattern().Matches(section).FirstOrDefault(m => m.Groups["label"].Value == label);
        Assert.True(row is not null, $"No row {label}");
        return (row!.Groups["count"].Value, row.Groups["percent"].Value);
    }

    /// <summary>
    /// 32 completed responses (8 often, 7 sometimes, 9 rarely, 5 never, 3 didn't know), one in progress; ratings 10×5,
    /// 8×4, 3×3, 3×2 from the 24 users; free texts and an "other" text that must never be published.
    /// </summary>
    private static async Task SeedAsync(AdminHost host)
    {
        var store = host.Get<ISurveyResponseStore>();
        var uses = Enumerable.Repeat("often", 8).Concat(Enumerable.Repeat("sometimes", 7)).Concat(Enumerable.Repeat("rarely", 9))
            .Concat(Enumerable.Repeat("never", 5)).Concat(Enumerable.Repeat("not-aware", 3)).ToList();
        int[] ratings = [.. Enumerable.Repeat(5, 10), .. Enumerable.Repeat(4, 8), .. Enumerable.Repeat(3, 3), .. Enumerable.Repeat(2, 3)];
        for (var i = 0; i < uses.Count; i++)
        {
            var answers = new List<(string, SurveyAnswerValue)> { ("e-services-use", Option(uses[i])) };
            if (i < 24)
            {
                answers.Add(("satisfaction", Number(ratings[i])));
                if (ratings[i] <= 2)
                {
                    answers.Add(("satisfaction-why", Text("Тайна жалба от човек " + i)));
                }

                answers.Add(("obstacles", i == 23 ? OptionsWithOther("Моята лична история", "mobile") : Options("slow")));
                answers.Add(("recommend", Number(i % 2 == 0 ? 9 : 10)));
            }
            else if (uses[i] == "never")
            {
                answers.Add(("non-use-reasons", Options("prefer-counter")));
            }

            answers.Add(("workshop-interest", Option(i % 3 == 0 ? "no" : "yes")));
            await RespondAsync(store, T0.AddMinutes(i), channel: "directline", participant: Key($"user-{i}"), answers: [.. answers]);
        }

        await RespondAsync(store, T0.AddHours(5), complete: false, participant: Key("unfinished"), answers: ("e-services-use", Option("never")));
    }

    [GeneratedRegex("<section class=\"question\" id=\"q-(?<id>[^\"]+)\">.*?</section>", RegexOptions.Singleline)]
    private static partial Regex SectionPattern();

    [GeneratedRegex("<tr><td>(?<label>[^<]*)</td><td class=\"num\">(?<count>[^<]*)</td><td class=\"num\">(?<percent>[^<]*)</td></tr>")]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"(?:зададен на|^|>)\s*([\d ]+) (?:души|people were asked)")]
    private static partial Regex AskedPattern();
}
