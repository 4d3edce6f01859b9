using System.Net;
using System.Text.RegularExpressions;
using Assistant.Core.Surveys;
using Assistant.Web.Admin.Unanswered;

using static Assistant.Web.Tests.Admin.AdminData;

namespace Assistant.Web.Tests.Admin;

/// <summary>
/// What citizens type is shown to staff on every page. Whatever they typed (markup, script, links, Markdown, very long
/// text, right-to-left overrides, emoji) must arrive as text: never as markup, never as a link, never as script.
/// </summary>
public sealed partial class HostileTextTests
{
    public static readonly string[] Corpus =
    [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">виж тук</a>",
        "[натиснете тук](javascript:alert(1))",
        "[Markdown link](https://evil.example/phish) **bold** <b>bold</b>",
        "javascript:alert(document.cookie)",
        "'; DROP TABLE survey_responses; --",
        "{{constructor.constructor('alert(1)')()}} ${7*7} {0} %s",
        "مرحبا بالعالم \u202Etxt.exe\u202C — עברית",
        "emoji 😀👩‍👩‍👧 🇧🇬 ✅",
        new string('Я', 10_000) + "<b>край</b>",
        "ред 1\r\nред 2\u2028ред 3\u0000нул",
        "=HYPERLINK(\"http://evil.example\",\"click\")",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hostile_answers_and_questions_are_shown_as_text_on_every_page()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var key = Key("hostile");
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        var responseIds = new List<Guid>();
        for (var i = 0; i < Corpus.Length; i++)
        {
            responseIds.Add(await RespondAsync(store, now.AddMinutes(i), i % 2 == 0 ? "telegram" : "directline", participant: key, answers:
            [
                ("e-services-use", Option("often")),
                ("satisfaction-why", Text(Corpus[i])),
                ("obstacles", OptionsWithOther(Corpus[i], "slow")),
                ("idea", Text(Corpus[i])),
            ]));
        }

        var unanswered = host.Get<IUnansweredStore>();
        var questionIds = new List<Guid>();
        foreach (var text in Corpus)
        {
            questionIds.Add(await AskAsync(unanswered, text, now, "bg", "telegram", [("icc-overview", 0.2)]));
        }

        using var admin = await host.SignedInAsync();
        await admin.HtmlAsync("/admin/unanswered");
        for (var i = 0; i < questionIds.Count; i++)
        {
            var response = i % 2 == 0
                ? await admin.PostAsync($"/admin/unanswered/{questionIds[i]}/assign", ("entryId", "icc-overview"))
                : await admin.PostAsync($"/admin/unanswered/{questionIds[i]}/out-of-scope");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        string[] pages =
        [
            "/admin",
            $"/admin/surveys/{Survey}",
            $"/admin/surveys/{Survey}?cells=all",
            $"/admin/surveys/{Survey}/responses",
            .. responseIds.Select(id => $"/admin/surveys/{Survey}/responses/{id}"),
            "/admin/unanswered?status=all",
            "/admin/unanswered?status=assigned",
            "/admin/unanswered?status=out-of-scope",
            "/admin/unanswered/suggestions",
            "/admin/participants?key=" + key,
            "/admin/audit",
            "/admin/staff",
        ];
        foreach (var url in pages)
        {
            AssertInert(url, await admin.HtmlAsync(url));
        }

        var results = WebUtility.HtmlDecode(await admin.HtmlAsync($"/admin/surveys/{Survey}"));
        var participant = WebUtility.HtmlDecode(await admin.HtmlAsync("/admin/participants?key=" + key));
        var queue = WebUtility.HtmlDecode(await admin.HtmlAsync("/admin/unanswered?status=all"));
        foreach (var text in Corpus.Where(t => !t.Any(char.IsControl) && t.Length < 2000))
        {
            Assert.Contains(text, results, StringComparison.Ordinal);
            Assert.Contains(text, participant, StringComparison.Ordinal);
            Assert.Contains(text, queue, StringComparison.Ordinal);
        }

        // The very long one is cut on screen, with a note of how much more there is.
        Assert.Contains(new string('Я', 1000) + "</bdi><span class=\"muted\"> … (+", await admin.HtmlAsync("/admin/unanswered?status=all"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_text_in_the_query_string_is_echoed_only_as_text()
    {
        await using var host = await AdminHost.StartAsync();
        using var admin = await host.SignedInAsync();

        foreach (var text in Corpus.Take(7))
        {
            var q = Uri.EscapeDataString(text);
            foreach (var url in new[]
                     {
                         $"/admin/surveys/{Survey}?q={q}", $"/admin/surveys/{Survey}?channel={q}", $"/admin/knowledge?q={q}",
                         $"/admin/participants?key={q}", $"/admin/surveys/{Survey}/responses?channel={q}&from={q}",
                     })
            {
                var page = await admin.GetAsync(url);
                AssertInert(url, page.Html);
            }
        }

        var login = await host.NewClient().GetAsync("/admin/login?returnUrl=" + Uri.EscapeDataString("\"><script>alert(1)</script>"));
        AssertInert("login", login.Html);
    }

    [Fact]
    public async Task Hostile_text_survives_the_CSV_JSON_and_YAML_exports_unchanged_except_for_formula_neutralisation()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        foreach (var text in Corpus)
        {
            await RespondAsync(store, DateTimeOffset.UtcNow.AddMinutes(-5), answers: ("idea", Text(text)));
        }

        using var admin = await host.SignedInAsync();
        var csv = Csv.Parse((await (await admin.DownloadAsync($"/api/admin/surveys/{Survey}/export?format=csv")).Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF'));
        var idea = csv[0].IndexOf("idea");
        Assert.Equal(Corpus.Select(t => t.StartsWith('=') ? "'" + t : t).Order(StringComparer.Ordinal),
            csv.Skip(1).Select(r => r[idea]).Order(StringComparer.Ordinal));

        var json = System.Text.Json.Nodes.JsonNode.Parse(await (await admin.DownloadAsync($"/api/admin/surveys/{Survey}/export?format=json")).Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(Corpus.Order(StringComparer.Ordinal),
            json["responses"]!.AsArray().Select(r => (string)r!["answers"]!["idea"]!["text"]!).Order(StringComparer.Ordinal));

        foreach (var text in Corpus)
        {
            var yaml = "- " + SuggestionYaml.Quote(text) + "\n";
            var back = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<List<string>>(yaml);
            Assert.Equal(text, Assert.Single(back));
            Assert.DoesNotContain('\u202E', yaml);
            Assert.DoesNotContain('\u0000', yaml);
        }
    }

    /// <summary>No markup, script, event handler or script link that did not come from the desk itself.</summary>
    private static void AssertInert(string url, string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        // Attribute values are double-quoted and their content encoded, so strip them and look at what is left of each tag.
        foreach (Match tag in WholeTag().Matches(html))
        {
            var bare = QuotedValue().Replace(tag.Value, "\"\"");
            Assert.False(EventHandler().IsMatch(bare), $"{url}: event handler in {tag.Value[..Math.Min(120, tag.Value.Length)]}");
            Assert.False(UnquotedValue().IsMatch(bare), $"{url}: unquoted attribute in {tag.Value[..Math.Min(120, tag.Value.Length)]}");
        }

        Assert.DoesNotMatch(ScriptLink(), html);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<a href=\"https://evil", html, StringComparison.Ordinal);
        foreach (var text in Corpus.Where(t => t.Contains('<', StringComparison.Ordinal) || t.Contains('"', StringComparison.Ordinal)))
        {
            Assert.False(html.Contains(text, StringComparison.Ordinal), $"{url} contains the raw text {text[..Math.Min(40, text.Length)]}");
        }

        // Every tag on the page is one the desk writes.
        foreach (Match tag in Tag().Matches(html))
        {
            Assert.Contains(tag.Groups[1].Value.ToLowerInvariant(), AllowedTags);
        }
    }

    private static readonly HashSet<string> AllowedTags = new(StringComparer.Ordinal)
    {
        "!doctype", "html", "head", "meta", "title", "link", "body", "header", "nav", "main", "section", "div", "span", "a", "h1", "h2",
        "h3", "p", "form", "input", "label", "select", "option", "button", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd",
        "ul", "li", "code", "strong", "bdi", "details", "summary", "pre", "svg", "rect", "text", "line",
    };

    [GeneratedRegex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex WholeTag();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex QuotedValue();

    [GeneratedRegex("=\\s*[^\"\\s>]")]
    private static partial Regex UnquotedValue();

    [GeneratedRegex("(href|src|action)\\s*=\\s*[\"']?\\s*javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptLink();

    [GeneratedRegex("<([!a-zA-Z][a-zA-Z0-9]*)")]
    private static partial Regex Tag();
}
