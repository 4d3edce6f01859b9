using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Reports;
using Assistant.Core.Surveys.Invitations;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Admin.Pages;

/// <summary>
/// A survey's results: per question counts and percentages with a chart (bars for choices, histograms for scales, NPS
/// and numbers, with the NPS score), "other" texts, free-text answers with search; filtered by date, channel and
/// completion; small counts shown as "&lt; 5" unless an admin switches the protection off.
/// </summary>
public static class SurveyResultsPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, string surveyId, ISurveySource surveys, IStaffReportStore reports,
        IInvitationStore invitations, TimeProvider clock, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        if (surveys.Current.Find(surveyId) is not { } survey)
        {
            return NotFound(view);
        }

        var (filters, invalid) = ResponseFilters.Parse(http.Request.Query);
        var cells = new SmallCells(!(view.IsAdmin && http.Request.Query["cells"] == "all"));
        var results = await SurveyResults.BuildAsync(survey, reports.StreamAsync(filters.ToQuery(survey.Id, view.Zone), cancellationToken),
            filters, cancellationToken);
        var channels = await ChannelsAsync(reports, survey.Id, clock, cancellationToken);
        var campaigns = await invitations.CountCampaignsAsync(survey.Id, cancellationToken);

        var sections = results.Questions.Select((tally, index) => GateHiding(cells, results, tally) is { } gate
            ? Withheld(view, tally, index + 1, gate)
            : Question(view, cells, tally, index + 1));
        var body = Html.Of($"""
            <p class="lead">{survey.Description.Get(view.Lang)}</p>
            {FilterForm(view, $"/admin/surveys/{AdminUrl.Segment(survey.Id)}", filters, channels, invalid, withSearch: true, cells,
                campaigns.Select(c => c.Campaign).ToList())}
            {Actions(view, survey.Id, filters)}
            {Summary(view, cells, results)}
            {CampaignTable(view, cells, survey.Id, campaigns)}
            {sections}
            """);
        return view.Page(survey.Title.Get(view.Lang), body, "dashboard");
    }

    internal static IResult NotFound(AdminView view) =>
        view.Page(view.T("survey.not-found"), Html.Of($"<p><a href=\"/admin\">{view.T("nav.dashboard")}</a></p>"), "dashboard",
            StatusCodes.Status404NotFound);

    internal static async Task<IReadOnlyList<string>> ChannelsAsync(IStaffReportStore reports, string surveyId, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await reports.CountResponsesAsync(now.AddDays(-7), now.AddDays(-30), cancellationToken);
        return rows.Where(r => r.SurveyId == surveyId).Select(r => r.Channel).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    internal static Html FilterForm(AdminView view, string action, ResponseFilters filters, IReadOnlyList<string> channels,
        IReadOnlyList<string> invalid, bool withSearch, SmallCells? cells = null, IReadOnlyList<string>? campaigns = null)
    {
        var campaignOptions = (campaigns ?? []).Select(c => c == filters.Campaign
            ? Html.Of($"<option value=\"{c}\" selected>{c}</option>")
            : Html.Of($"<option value=\"{c}\">{c}</option>"));
        var campaignSelect = campaigns is { Count: > 0 } || filters.Campaign is not null
            ? Html.Of($"<label>{view.T("filter.campaign")}<select name=\"campaign\"><option value=\"\">{view.T("filter.campaign-all")}</option>{campaignOptions}</select></label>")
            : Html.Empty;
        var channelOptions = channels.Select(c => c == filters.Channel
            ? Html.Of($"<option value=\"{c}\" selected>{view.ChannelName(c)}</option>")
            : Html.Of($"<option value=\"{c}\">{view.ChannelName(c)}</option>"));
        var completion = new[] { ("all", "filter.completion-all"), ("completed", "filter.completion-completed"), ("incomplete", "filter.completion-incomplete") }
            .Select(o => o.Item1 == filters.CompletionText
                ? Html.Of($"<option value=\"{o.Item1}\" selected>{view.T(o.Item2)}</option>")
                : Html.Of($"<option value=\"{o.Item1}\">{view.T(o.Item2)}</option>"));
        var search = withSearch
            ? Html.Of($"<label>{view.T("filter.search")}<input type=\"search\" name=\"q\" value=\"{filters.Search}\" maxlength=\"200\"></label>")
            : Html.Empty;
        var cellsBox = cells is not null && view.IsAdmin
            ? cells.Protect
                ? Html.Of($"<label class=\"check\"><input type=\"checkbox\" name=\"cells\" value=\"all\">{view.T("cells.show-all")}</label>")
                : Html.Of($"<label class=\"check\"><input type=\"checkbox\" name=\"cells\" value=\"all\" checked>{view.T("cells.show-all")}</label>")
            : Html.Empty;
        var errors = invalid.Count == 0
            ? Html.Empty
            : Html.Of($"<p class=\"error\" role=\"alert\">{view.T("filter.invalid", string.Join(", ", invalid))}</p>");
        return Html.Of($"""
            <form method="get" action="{action}" class="filters">
            {errors}
            <label>{view.T("filter.from")}<input type="date" name="from" value="{filters.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}"></label>
            <label>{view.T("filter.to")}<input type="date" name="to" value="{filters.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}"></label>
            <label>{view.T("filter.channel")}<select name="channel"><option value="">{view.T("filter.channel-all")}</option>{channelOptions}</select></label>
            <label>{view.T("filter.completion")}<select name="completion">{completion}</select></label>
            {campaignSelect}
            {search}
            {cellsBox}
            <button type="submit">{view.T("filter.apply")}</button>
            <a href="{action}">{view.T("filter.reset")}</a>
            </form>
            """);
    }

    private static Html Actions(AdminView view, string surveyId, ResponseFilters filters)
    {
        var id = AdminUrl.Segment(surveyId);
        var parameters = filters.ToParameters(withSearch: false);
        string Export(string format) => AdminUrl.With($"/api/admin/surveys/{id}/export", [.. parameters, ("format", format)]);
        return Html.Of($"""
            <p class="actions">
            <a href="{AdminUrl.With($"/admin/surveys/{id}/responses", parameters)}">{view.T("results.responses-link")}</a>
            <a href="/admin/surveys/{id}/publication">{Publications.PublicationDeskTexts.Get(view.Lang, "link")}</a>
            <a class="button" href="{Export("csv")}" download>{view.T("export.csv")}</a>
            <a class="button secondary" href="{AdminUrl.With($"/api/admin/surveys/{id}/export", [.. parameters, ("format", "csv"), ("sep", "semicolon")])}" download>{view.T("export.csv-semicolon")}</a>
            <a class="button secondary" href="{Export("json")}" download>{view.T("export.json")}</a>
            <a class="button secondary" href="{AdminUrl.With($"/api/admin/surveys/{id}/dictionary", ("format", "csv"))}" download>{view.T("export.dictionary")}</a>
            </p>
            """);
    }

    private static Html Summary(AdminView view, SmallCells cells, SurveyResults results)
    {
        var protection = cells.Protect
            ? Html.Of($"<p class=\"muted small\">{view.T("cells.note")}</p>")
            : Html.Of($"<p class=\"warning\">{view.T("cells.off")}</p>");
        return Html.Of($"""
            <dl class="stats">
            <div><dt>{view.T("results.responses")}</dt><dd>{Count(view, cells, results.Responses)}</dd></div>
            <div><dt>{view.T("results.completed")}</dt><dd>{Count(view, cells, results.Completed)}</dd></div>
            <div><dt>{view.T("results.retained-until")}</dt><dd>{results.Survey.RetainUntil.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}</dd></div>
            <div><dt>{view.T("dashboard.completion-rate")}</dt><dd>{(results.Responses == 0 || cells.Hides(results.Completed) || cells.Hides(results.Responses) ? "—" : view.Percent((double)results.Completed / results.Responses))}</dd></div>
            </dl>
            {protection}
            """);
    }

    /// <summary>Per campaign: invitation openings, consents (responses started) and completions, small counts hidden.</summary>
    private static Html CampaignTable(AdminView view, SmallCells cells, string surveyId, IReadOnlyList<CampaignCount> campaigns)
    {
        if (campaigns.Count == 0)
        {
            return Html.Empty;
        }

        var rows = campaigns.Select(c => Html.Of($"""
            <tr><td><a href="{AdminUrl.With($"/admin/surveys/{AdminUrl.Segment(surveyId)}", ("campaign", c.Campaign))}">{c.Campaign}</a></td>
            <td class="num">{(c.Opened is { } opened ? view.Number(opened) : "—")}</td>
            <td class="num">{Count(view, cells, c.Consented)}</td>
            <td class="num">{Count(view, cells, c.Completed)}</td></tr>
            """));
        return Html.Of($"""
            <section class="campaigns">
            <h2>{view.T("campaigns.title")}</h2>
            <table class="data">
            <thead><tr><th>{view.T("campaigns.campaign")}</th><th class="num">{view.T("campaigns.opened")}</th><th class="num">{view.T("campaigns.consented")}</th><th class="num">{view.T("campaigns.completed")}</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            <p class="muted small">{view.T("campaigns.note")}</p>
            </section>
            """);
    }

    private static string Count(AdminView view, SmallCells cells, int count) => cells.Hides(count) ? SmallCells.Small : view.Number(count);

    /// <summary>
    /// The question whose hidden cells this one would give away. A question shown only after certain answers is asked of
    /// exactly the people who gave them, so its respondent count is their sum: harmless when the condition takes in all
    /// of the gate's hidden cells or none (their sum can be worked out anyway), a leak when it splits them.
    /// </summary>
    private static QuestionTally? GateHiding(SmallCells cells, SurveyResults results, QuestionTally tally)
    {
        if (!cells.Protect || tally.Question.ShowIf is not { } showIf
            || results.Questions.FirstOrDefault(t => t.Question.Id == showIf.Question) is not { } gate)
        {
            return null;
        }

        if (GateHiding(cells, results, gate) is not null)
        {
            return gate;
        }

        var cellsOfGate = CellsOf(gate, showIf);
        var hidden = cells.HiddenCells(cellsOfGate.Select(c => c.Count).ToList(), partition: gate.Question.Type != QuestionType.MultiChoice);
        var hiddenInCondition = cellsOfGate.Where((c, i) => hidden[i] && c.InCondition).Count();
        var splits = gate.Question.Type == QuestionType.MultiChoice
            ? hiddenInCondition > 0
            : hiddenInCondition > 0 && hiddenInCondition < hidden.Count(h => h);
        return splits ? gate : null;
    }

    /// <summary>The cells of a question as its table shows them, each with whether <paramref name="condition"/> takes it in.</summary>
    private static List<(int Count, bool InCondition)> CellsOf(QuestionTally tally, ShowIf condition)
    {
        var question = tally.Question;
        if (question.Type is QuestionType.YesNo or QuestionType.SingleChoice or QuestionType.MultiChoice)
        {
            var ids = question.Type == QuestionType.YesNo
                ? ["yes", "no"]
                : question.Options.Select(o => o.Id).Concat(question.AllowOther ? [SurveyAnswerValue.OtherOptionId] : []).ToList();
            return ids.Concat(tally.Options.Keys.Where(k => !ids.Contains(k)))
                .Select(id => (tally.OptionCount(id), condition.AnyOf?.Contains(id) == true))
                .ToList();
        }

        var bins = question.Type switch
        {
            QuestionType.Rating => Enumerable.Range(question.Scale?.Min ?? 1, Math.Max(1, (question.Scale?.Max ?? 5) - (question.Scale?.Min ?? 1) + 1))
                .Select(v => ((decimal)v, (decimal)v)).ToList(),
            QuestionType.Nps => Enumerable.Range(0, 11).Select(v => ((decimal)v, (decimal)v)).ToList(),
            QuestionType.Number => NumberBins(tally).Select(b => (b.From, b.To)).ToList(),
            _ => [],
        };
        // A bin only partly inside the condition counts as inside: the safe side, it makes a split (and a withheld question) likelier.
        return bins.Select(b => (tally.Values.Where(v => v.Key >= b.Item1 && v.Key <= b.Item2).Sum(v => v.Value),
            (condition.Min is null || b.Item2 >= condition.Min) && (condition.Max is null || b.Item1 <= condition.Max))).ToList();
    }

    private static Html Withheld(AdminView view, QuestionTally tally, int number, QuestionTally gate) => Html.Of($"""
        <section class="question" id="q-{tally.Question.Id}">
        <h2>{number}. {tally.Question.Text.Get(view.Lang)}</h2>
        <p class="muted">{view.T("results.withheld", gate.Question.Text.Get(view.Lang))}</p>
        </section>
        """);

    private static Html Question(AdminView view, SmallCells cells, QuestionTally tally, int number)
    {
        var question = tally.Question;
        var chartId = "chart-" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var title = question.Text.Get(view.Lang);
        var content = question.Type switch
        {
            QuestionType.SingleChoice or QuestionType.MultiChoice or QuestionType.YesNo => Choices(view, cells, tally, chartId, title),
            QuestionType.Rating => Scale(view, cells, tally, chartId, title,
                Enumerable.Range(question.Scale?.Min ?? 1, Math.Max(1, (question.Scale?.Max ?? 5) - (question.Scale?.Min ?? 1) + 1))
                    .Select(v => (Label: v.ToString(System.Globalization.CultureInfo.InvariantCulture), From: (decimal)v, To: (decimal)v, Css: ""))
                    .ToList()),
            QuestionType.Nps => Scale(view, cells, tally, chartId, title,
                Enumerable.Range(0, 11)
                    .Select(v => (Label: v.ToString(System.Globalization.CultureInfo.InvariantCulture), From: (decimal)v, To: (decimal)v,
                        Css: v <= 6 ? "detractor" : v <= 8 ? "passive" : "promoter"))
                    .ToList()) + Nps(view, cells, tally),
            QuestionType.Number => Scale(view, cells, tally, chartId, title, NumberBins(tally)),
            _ => Html.Empty,
        };
        var texts = question.Type == QuestionType.FreeText || question.AllowOther ? Texts(view, cells, tally) : Html.Empty;
        return Html.Of($"""
            <section class="question" id="q-{question.Id}">
            <h2>{number}. {title}</h2>
            <p class="muted small">{question.Id} · {view.T("type." + question.Type)} · {view.T("results.answered")}: {Count(view, cells, tally.Answered)} · {view.T("results.skipped")}: {Count(view, cells, tally.Skipped)}</p>
            {content}
            {texts}
            </section>
            """);
    }

    private static Html Choices(AdminView view, SmallCells cells, QuestionTally tally, string chartId, string title)
    {
        var question = tally.Question;
        var rows = new List<(string Id, string Label)>();
        if (question.Type == QuestionType.YesNo)
        {
            rows.Add(("yes", view.T("answer.yes")));
            rows.Add(("no", view.T("answer.no")));
        }
        else
        {
            rows.AddRange(question.Options.Select(o => (o.Id, o.Text.Get(view.Lang))));
            if (question.AllowOther)
            {
                rows.Add((SurveyAnswerValue.OtherOptionId, view.T("answer.other")));
            }
        }

        // Options no longer in the definition still count, under their id.
        rows.AddRange(tally.Options.Keys.Where(k => rows.All(r => r.Id != k)).Order(StringComparer.Ordinal).Select(k => (k, k)));
        var counts = rows.Select(r => tally.OptionCount(r.Id)).ToList();
        var hidden = cells.HiddenCells(counts, partition: question.Type != QuestionType.MultiChoice);
        var answeredHidden = cells.Hides(tally.Answered);
        var chartCells = rows.Select((r, i) => new ChartCell(r.Label, counts[i], hidden[i] || answeredHidden,
            Display(view, counts[i], hidden[i] || answeredHidden))).ToList();
        var tableRows = rows.Select((r, i) => Html.Of($"""
            <tr><td>{Html.User(r.Label, 300)}</td><td class="num">{chartCells[i].Display}</td><td class="num">{(chartCells[i].Hidden || tally.Answered == 0 ? "—" : view.Percent((double)counts[i] / tally.Answered))}</td></tr>
            """));
        var note = question.Type == QuestionType.MultiChoice ? Html.Of($"<p class=\"muted small\">{view.T("results.multi-note")}</p>") : Html.Empty;
        return Html.Of($"""
            <div class="result">
            <div class="figure">{SvgCharts.Bars(chartId, title, chartCells)}</div>
            <table class="data compact"><thead><tr><th>{view.T("results.option")}</th><th class="num">{view.T("results.count")}</th><th class="num">%</th></tr></thead><tbody>{tableRows}</tbody></table>
            </div>
            {note}
            """);
    }

    private static Html Scale(AdminView view, SmallCells cells, QuestionTally tally, string chartId, string title,
        IReadOnlyList<(string Label, decimal From, decimal To, string Css)> bins)
    {
        var counts = bins.Select(b => tally.Values.Where(v => v.Key >= b.From && v.Key <= b.To).Sum(v => v.Value)).ToList();
        var hidden = cells.HiddenCells(counts, partition: true);
        var answeredHidden = cells.Hides(tally.Answered);
        var chartCells = bins.Select((b, i) => new ChartCell(b.Label, counts[i], hidden[i] || answeredHidden,
            Display(view, counts[i], hidden[i] || answeredHidden), b.Css)).ToList();
        var total = tally.Values.Sum(v => v.Value);
        var mean = total == 0 ? (decimal?)null : tally.Values.Sum(v => v.Key * v.Value) / total;
        // With a cell hidden, the mean (with the counts shown) would give the hidden counts back.
        var meanText = mean is null ? "—" : answeredHidden ? view.T("results.too-few")
            : hidden.Any(h => h) ? view.T("results.mean-hidden") : view.Number(mean.Value, 2);
        var tableRows = bins.Select((b, i) => Html.Of($"""
            <tr><td>{b.Label}</td><td class="num">{chartCells[i].Display}</td><td class="num">{(chartCells[i].Hidden || total == 0 ? "—" : view.Percent((double)counts[i] / total))}</td></tr>
            """));
        return Html.Of($"""
            <div class="result">
            <div class="figure">{SvgCharts.Histogram(chartId, title, chartCells)}<p class="small">{view.T("results.mean")}: <strong>{meanText}</strong></p></div>
            <table class="data compact"><thead><tr><th>{view.T("results.value")}</th><th class="num">{view.T("results.count")}</th><th class="num">%</th></tr></thead><tbody>{tableRows}</tbody></table>
            </div>
            """);
    }

    private static Html Nps(AdminView view, SmallCells cells, QuestionTally tally)
    {
        var total = tally.Values.Sum(v => v.Value);
        var promoters = tally.Values.Where(v => v.Key >= 9).Sum(v => v.Value);
        var detractors = tally.Values.Where(v => v.Key <= 6).Sum(v => v.Value);
        var passives = total - promoters - detractors;
        if (total == 0)
        {
            return Html.Of($"<p>NPS: —</p>");
        }

        if (cells.Hides(total))
        {
            return Html.Of($"<p>NPS: {view.T("results.too-few")}</p>");
        }

        var score = Math.Round((promoters - detractors) * 100.0 / total);
        var groups = new[] { detractors, passives, promoters };
        var hidden = cells.HiddenCells(groups, partition: true);
        // The score and the groups shown would give a hidden group back.
        var scoreText = hidden.Any(h => h) ? view.T("results.mean-hidden") : score.ToString("+0;-0;0", view.Culture);
        return Html.Of($"""
            <p class="nps">NPS: <strong class="score">{scoreText}</strong>
            <span class="muted">({view.T("results.detractors")} 0–6: {Display(view, detractors, hidden[0])} · {view.T("results.passives")} 7–8: {Display(view, passives, hidden[1])} · {view.T("results.promoters")} 9–10: {Display(view, promoters, hidden[2])})</span></p>
            """);
    }

    private static List<(string Label, decimal From, decimal To, string Css)> NumberBins(QuestionTally tally)
    {
        var values = tally.Values.Keys.ToList();
        if (values.Count == 0)
        {
            return [];
        }

        if (values.Count <= 12)
        {
            return values.Select(v => (v.ToString(System.Globalization.CultureInfo.InvariantCulture), v, v, "")).ToList();
        }

        var min = values[0];
        var max = values[^1];
        var width = (max - min) / 10;
        return Enumerable.Range(0, 10).Select(i =>
        {
            var from = min + (width * i);
            var to = i == 9 ? max : min + (width * (i + 1)) - 0.000001m;
            return ($"{Math.Round(from, 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}–{Math.Round(i == 9 ? max : from + width, 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}", from, to, "");
        }).ToList();
    }

    private static Html Texts(AdminView view, SmallCells cells, QuestionTally tally)
    {
        if (tally.TextMatches == 0)
        {
            return Html.Empty;
        }

        var items = tally.Texts.Select(t => Html.Of($"<li><span class=\"muted small\">{view.Date(t.At)}</span> {Html.User(t.Text)}</li>"));
        var more = tally.TextMatches > tally.Texts.Count
            ? Html.Of($"<p class=\"muted small\">{view.T("results.more-texts", tally.TextMatches - tally.Texts.Count)}</p>")
            : Html.Empty;
        var heading = tally.Question.Type == QuestionType.FreeText ? view.T("results.texts") : view.T("results.other-texts");
        return Html.Of($"""
            <details class="texts" open>
            <summary>{heading} ({Count(view, cells, tally.TextMatches)})</summary>
            <ul class="texts">{items}</ul>
            {more}
            </details>
            """);
    }

    private static string Display(AdminView view, int count, bool hidden) =>
        !hidden ? view.Number(count) : SmallCells.IsSmall(count) ? SmallCells.Small : view.T("cells.hidden");
}
