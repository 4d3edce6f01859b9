using System.Globalization;
using Assistant.Web.Admin.Rendering;

namespace Assistant.Web.Admin.Pages;

/// <summary>
/// Type a question as a citizen would and see what the chat would do: the same matcher (language detection, Latin-script
/// Bulgarian, thresholds), the band, the answer, the score and the top candidates. Below it, how helpful citizens found
/// each entry's answers.
/// </summary>
public static class KnowledgeTestPage
{
    public static async Task<IResult> Show(HttpContext http, IKnowledgeSource knowledge, IKnowledgeFeedbackStore feedback)
    {
        var view = new AdminView(http);
        var text = http.Request.Query["q"].ToString().Trim();
        if (text.Length > 500)
        {
            text = text[..500];
        }

        var language = http.Request.Query["language"].ToString() is "bg" or "en" ? http.Request.Query["language"].ToString() : null;
        var matcher = knowledge.Current;
        var helpfulness = Feedback(view, await feedback.CountAsync(http.RequestAborted));
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
            {helpfulness}
            """);
        return view.Page(view.T("knowledge.title"), body, "knowledge");
    }

    private static Html Result(AdminView view, KnowledgeMatcher matcher, KnowledgeMatch match)
    {
        var t = matcher.Thresholds;
        var top = match.Top;
        var entry = top is null ? null : matcher.Knowledge.Find(top.Id);
        var answer = match.Band == MatchBand.Answer && entry is not null
            ? Html.Of($"<div class=\"answer\"><p class=\"muted small\"><code>{entry.Id}</code></p><div class=\"markdown\">{entry.In(match.Language).Answer}</div></div>")
            : Html.Of($"<p class=\"muted\">{view.T("knowledge.no-answer-" + match.Band)}</p>");
        var candidates = match.Candidates.Select(c => Html.Of($"""
            <tr><td><code>{c.Id}</code></td><td>{c.Question}</td><td class="num">{Score(c.Score)}</td><td class="num">{Score(c.Probability)}</td><td class="num">{Score(c.Lexical)}</td><td class="num">{Score(c.Coverage)}</td></tr>
            """));
        return Html.Of($"""
            <section class="card">
            <dl class="stats">
            <div><dt>{view.T("knowledge.band")}</dt><dd><span class="badge band-{match.Band.ToString().ToLowerInvariant()}">{view.T("knowledge.band-" + match.Band)}</span></dd></div>
            <div><dt>{view.T("knowledge.score")}</dt><dd>{(top is null ? "—" : Score(top.Score))}</dd></div>
            <div><dt>{view.T("knowledge.language")}</dt><dd>{match.Language}</dd></div>
            </dl>
            <p class="muted small">{view.T("knowledge.thresholds-full", Score(t.Answer), Score(t.Margin), Score(t.Sure), Score(t.Suggest), Score(t.OutOfScope))}
            {view.T("knowledge.out-of-scope", Score(match.OutOfScope))}</p>
            {answer}
            <h2>{view.T("knowledge.candidates")}</h2>
            <table class="data compact"><thead><tr><th>{view.T("knowledge.entry")}</th><th>{view.T("knowledge.closest")}</th><th class="num">{view.T("knowledge.score")}</th><th class="num">{view.T("knowledge.probability")}</th><th class="num">{view.T("knowledge.lexical")}</th><th class="num">{view.T("knowledge.coverage")}</th></tr></thead>
            <tbody>{candidates}</tbody></table>
            </section>
            """);
    }

    private static Html Feedback(AdminView view, IReadOnlyList<KnowledgeFeedbackCount> counts)
    {
        if (counts.Count == 0)
        {
            return Html.Of($"""<section class="card"><h2>{view.T("knowledge.feedback")}</h2><p class="muted">{view.T("knowledge.feedback-none")}</p></section>""");
        }

        var rows = counts
            .OrderByDescending(c => c.NotHelpful).ThenBy(c => c.EntryId, StringComparer.Ordinal).ThenBy(c => c.ContentVersion, StringComparer.Ordinal)
            .Select(c => Html.Of($"""
                <tr><td><code>{c.EntryId}</code></td><td><code>{c.ContentVersion}</code></td><td class="num">{c.Helpful}</td><td class="num">{c.NotHelpful}</td><td class="num">{Percent(c)}</td></tr>
                """));
        return Html.Of($"""
            <section class="card">
            <h2>{view.T("knowledge.feedback")}</h2>
            <p class="muted small">{view.T("knowledge.feedback-lead")}</p>
            <table class="data compact" id="feedback"><thead><tr><th>{view.T("knowledge.entry")}</th><th>{view.T("knowledge.content-version")}</th><th class="num">{view.T("knowledge.helpful")}</th><th class="num">{view.T("knowledge.not-helpful")}</th><th class="num">{view.T("knowledge.helpful-share")}</th></tr></thead>
            <tbody>{rows}</tbody></table>
            </section>
            """);
    }

    private static string Percent(KnowledgeFeedbackCount count) =>
        (count.Helpful / (double)Math.Max(1, count.Helpful + count.NotHelpful)).ToString("0%", CultureInfo.InvariantCulture);

    private static string Score(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
