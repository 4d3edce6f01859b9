using System.Globalization;
using Assistant.Core.Language;
using Assistant.Core.Surveys.Publications;
using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Reports;
using Assistant.Web.Channels.WebChat;

namespace Assistant.Web.Publications;

/// <summary>
/// <c>/results/{surveyId}</c>: a survey's published results for everyone, no sign-in: the period, how many completed it,
/// per question the counts, percentages and a chart (inline SVG drawn on the server), and the team's outcome note. In the
/// language of <c>?lang=</c>, else of <c>Accept-Language</c>, else Bulgarian. It shows the figures exactly as they were
/// worked out and protected when published (<see cref="PublishedResults"/>); everything staff wrote is encoded. A survey
/// whose results are not published gets a friendly 404. Rate limited per client IP.
/// </summary>
public static class PublicResultsPage
{
    public const string RateLimitPolicy = "results-page";

    public static IEndpointRouteBuilder MapPublishedResults(this IEndpointRouteBuilder app)
    {
        app.MapGet("/results/{surveyId}", ShowAsync).RequireRateLimiting(RateLimitPolicy);
        return app;
    }

    public static async Task<IResult> ShowAsync(HttpContext http, string surveyId, string? lang, ISurveyPublicationStore publications,
        CancellationToken cancellationToken)
    {
        var language = lang is Lang.Bg or Lang.En ? lang : BrowserLanguage.Preferred(http.Request);
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ContentLanguage = language;
        var publication = await publications.GetAsync(surveyId, cancellationToken);
        var json = publication is { IsPublished: true } ? await publications.GetResultsAsync(surveyId, cancellationToken) : null;
        if (publication is null || json is null)
        {
            return Page(language, surveyId, T(language, "not-found-title"),
                Html.Of($"<h1>{T(language, "not-found-title")}</h1><p>{T(language, "not-found")}</p>"), StatusCodes.Status404NotFound);
        }

        var results = PublishedResults.FromJson(json);
        var culture = Culture(language);
        var title = string.Format(culture, T(language, "title"), results.Title(language));
        var summary = results.Responses is { } responses
            ? Html.Of($"<p class=\"responses\">{string.Format(culture, T(language, "responses"), responses.ToString("N0", culture))}</p>")
            : Html.Of($"<p class=\"responses\">{T(language, "too-few")}</p>");
        var questions = results.Responses is null
            ? Html.Empty
            : Html.Join(results.Questions.Select((q, i) => Question(language, culture, q, i + 1)));
        var body = Html.Of($"""
            <h1>{title}</h1>
            <p class="period">{string.Format(culture, T(language, "period"), Day(results.Opens, culture), Day(results.Ended, culture))}</p>
            {summary}
            {Outcome(language, publication.Note(language))}
            {questions}
            <p class="cells-note">{string.Format(culture, T(language, "cells-note"), SmallCells.Threshold)}</p>
            <p class="published">{string.Format(culture, T(language, "published"), Day(DateOnly.FromDateTime(publication.PublishedAt!.Value.UtcDateTime), culture))}</p>
            """);
        return Page(language, surveyId, title, body, StatusCodes.Status200OK);
    }

    private static Html Outcome(string language, string note)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return Html.Empty;
        }

        var paragraphs = note.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => Html.Of($"<p>{Html.Join(p.Split('\n').Select((line, i) => i == 0 ? Html.Text(line) : Html.Of($"<br>{line}")))}</p>"));
        return Html.Of($"""
            <section class="outcome">
            <h2>{T(language, "outcome")}</h2>
            {Html.Join(paragraphs)}
            </section>
            """);
    }

    private static Html Question(string language, CultureInfo culture, PublishedQuestion question, int number)
    {
        var heading = Html.Of($"<h2>{number.ToString(CultureInfo.InvariantCulture)}. {question.Text(language)}</h2>");
        if (question.Shape is PublishedShape.OpenAnswers or PublishedShape.Withheld)
        {
            var why = T(language, question.Shape == PublishedShape.OpenAnswers ? "open-answers" : "withheld");
            return Html.Of($"""<section class="question" id="q-{question.Id}">{heading}<p class="muted">{why}</p></section>""");
        }

        var hidden = T(language, "hidden");
        var cells = question.Cells.Select(c => new ChartCell(c.Label(language), c.Count ?? 0, c.Count is null,
            c.Count is { } count ? count.ToString("N0", culture) : hidden, c.Css)).ToList();
        var chartId = "chart-" + number.ToString(CultureInfo.InvariantCulture);
        var chart = question.Shape == PublishedShape.Histogram
            ? SvgCharts.Histogram(chartId, question.Text(language), cells)
            : SvgCharts.Bars(chartId, question.Text(language), cells);
        var rows = question.Cells.Select((c, i) => Html.Of($"""
            <tr><td>{c.Label(language)}</td><td class="num">{cells[i].Display}</td><td class="num">{(c.Percent is { } p ? Percent(p, language, culture) : "—")}</td></tr>
            """));
        var asked = question.Asked is { } a
            ? string.Format(culture, T(language, "asked"), a.ToString("N0", culture))
            : T(language, "asked-few");
        var extra = question.Mean is { } mean
            ? Html.Of($"<p class=\"mean\">{string.Format(culture, T(language, "mean"), mean.ToString("0.00", culture))}</p>")
            : question.Nps is { } nps
                ? Html.Of($"<p class=\"nps\">{string.Format(culture, T(language, "nps"), nps.Score.ToString("+0;-0;0", culture), nps.Promoters, nps.Passives, nps.Detractors)}</p>")
                : Html.Empty;
        var multi = question.MultipleAnswers ? Html.Of($"<p class=\"muted\">{T(language, "multi")}</p>") : Html.Empty;
        var firstColumn = question.Shape == PublishedShape.Histogram ? T(language, "value") : T(language, "option");
        return Html.Of($"""
            <section class="question" id="q-{question.Id}">
            {heading}
            <p class="muted">{asked}</p>
            <div class="figure">{chart}</div>
            <table class="data"><thead><tr><th>{firstColumn}</th><th class="num">{T(language, "count")}</th><th class="num">{T(language, "percent")}</th></tr></thead><tbody>{Html.Join(rows)}</tbody></table>
            {extra}
            {multi}
            </section>
            """);
    }

    private static IResult Page(string language, string surveyId, string title, Html body, int status)
    {
        var other = language == Lang.Bg ? Lang.En : Lang.Bg;
        var html = Html.Of($"""
            <!DOCTYPE html>
            <html lang="{language}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title}</title>
            <link rel="icon" href="/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/chat.css">
            </head>
            <body class="document">
            <header class="site-header">
            <div class="brand"><img class="logo" src="/favicon.svg" alt="" width="40" height="40"><a class="back" href="/">{T(language, "back")}</a></div>
            <nav class="lang-switch" aria-label="Език / Language"><a href="/results/{Uri.EscapeDataString(surveyId)}?lang={other}" lang="{other}">{(other == Lang.En ? "English" : "Български")}</a></nav>
            </header>
            <main class="notice results">
            {body}
            </main>
            </body>
            </html>
            """);
        return Results.Content(html.Value, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    private static string Percent(int percent, string language, CultureInfo culture) =>
        language == Lang.Bg ? percent.ToString(culture) + " %" : percent.ToString(culture) + "%";

    private static string Day(DateOnly day, CultureInfo culture) =>
        day.ToString(culture.Name == "bg-BG" ? "d MMMM yyyy 'г.'" : "d MMMM yyyy", culture);

    private static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language == Lang.En ? "en-GB" : "bg-BG");

    private static string T(string language, string key) => PublicResultsTexts.Get(language, key);
}
