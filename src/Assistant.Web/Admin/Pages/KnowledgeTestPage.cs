using System.Globalization;
using Assistant.Core.Knowledge;
using Assistant.Web.Admin.Rendering;

namespace Assistant.Web.Admin.Pages;

/// <summary>
/// Type a question as a citizen would and see what the chat would do: the same matcher (language detection, Latin-script
/// Bulgarian, thresholds), the band, the answer, the score and the top candidates.
/// </summary>
public static class KnowledgeTestPage
{
    public static IResult Show(HttpContext http, IKnowledgeSource knowledge)
    {
        var view = new AdminView(http);
        var text = http.Request.Query["q"].ToString().Trim();
        if (text.Length > 500)
        {
            text = text[..500];
        }

        var language = http.Request.Query["language"].ToString() is "bg" or "en" ? http.Request.Query["language"].ToString() : null;
        var matcher = knowledge.Current;
        var languages = new[] { ("", view.T("knowledge.detect")), ("bg", "Български"), ("en", "English") }
            .Select(l => l.Item1 == (language ?? "")
                ? Html.Of($"<option value=\"{l.Item1}\" selected>{l.Item2}</option>")
                : Html.Of($"<option value=\"{l.Item1}\">{l.Item2}</option>"));
        var result = text.Length == 0 ? Html.Empty : Result(view, matcher, matcher.Match(text, language));
        var body = Html.Of($"""
            <p class="lead">{view.T("knowledge.lead")}</p>
            <form method="get" action="/admin/knowledge" class="filters">
            <label class="wide">{view.T("knowledge.question")}<input type="search" name="q" value="{text}" maxlength="500" autofocus></label>
            <label>{view.T("knowledge.language")}<select name="language">{languages}</select></label>
            <button type="submit">{view.T("knowledge.try")}</button>
            </form>
            {result}
            <p class="muted small">{view.T("knowledge.version", matcher.Knowledge.Version, matcher.Knowledge.Entries.Count)}</p>
            """);
        return view.Page(view.T("knowledge.title"), body, "knowledge");
    }

    private static Html Result(AdminView view, KnowledgeMatcher matcher, KnowledgeMatch match)
    {
        var top = match.Top;
        var entry = top is null ? null : matcher.Knowledge.Find(top.Id);
        var answer = match.Band == MatchBand.Answer && entry is not null
            ? Html.Of($"<div class=\"answer\"><p class=\"muted small\"><code>{entry.Id}</code></p><div class=\"markdown\">{entry.In(match.Language).Answer}</div></div>")
            : Html.Of($"<p class=\"muted\">{view.T("knowledge.no-answer-" + match.Band)}</p>");
        var candidates = match.Candidates.Select(c => Html.Of($"""
            <tr><td><code>{c.Id}</code></td><td>{c.Question}</td><td class="num">{Score(c.Score)}</td><td class="num">{Score(c.Coverage)}</td><td class="num">{Score(c.Relevance)}</td></tr>
            """));
        return Html.Of($"""
            <section class="card">
            <dl class="stats">
            <div><dt>{view.T("knowledge.band")}</dt><dd><span class="badge band-{match.Band.ToString().ToLowerInvariant()}">{view.T("knowledge.band-" + match.Band)}</span></dd></div>
            <div><dt>{view.T("knowledge.score")}</dt><dd>{(top is null ? "—" : Score(top.Score))}</dd></div>
            <div><dt>{view.T("knowledge.language")}</dt><dd>{match.Language}</dd></div>
            </dl>
            <p class="muted small">{view.T("knowledge.thresholds", Score(matcher.Thresholds.Answer), Score(matcher.Thresholds.Suggest))}</p>
            {answer}
            <h2>{view.T("knowledge.candidates")}</h2>
            <table class="data compact"><thead><tr><th>{view.T("knowledge.entry")}</th><th>{view.T("knowledge.closest")}</th><th class="num">{view.T("knowledge.score")}</th><th class="num">{view.T("knowledge.coverage")}</th><th class="num">{view.T("knowledge.relevance")}</th></tr></thead>
            <tbody>{candidates}</tbody></table>
            </section>
            """);
    }

    private static string Score(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
