using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Assistant.Web.Admin.Export;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

using static Assistant.Web.Tests.Admin.AdminData;

namespace Assistant.Web.Tests.Admin;

public sealed class AdminExportTests
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string ExportUrl(string query = "format=csv", string survey = Survey) => $"/api/admin/surveys/{survey}/export?{query}";

    [Fact]
    public async Task The_CSV_is_UTF8_with_a_BOM_one_row_per_response_and_one_column_per_question()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var key = Key("csv-person");
        var first = await RespondAsync(store, DateTimeOffset.UtcNow.AddHours(-3), "telegram", participant: key, answers:
        [
            ("e-services-use", Option("often")),
            ("satisfaction", Number(4)),
            ("satisfaction-why", Text("Бързо, удобно и \"модерно\";\nно понякога бавно, вечер")),
            ("obstacles", OptionsWithOther("Опашки, опашки", "slow", "mobile")),
            ("recommend", Number(9)),
            ("workshop-interest", Option("yes")),
            ("idea", SurveyAnswerValueSkip()),
        ]);
        var second = await RespondAsync(store, DateTimeOffset.UtcNow.AddHours(-2), "directline", complete: false,
            answers: ("e-services-use", Option("never")));
        using var client = await host.SignedInAsync(AdminHost.ReviewerName);

        using var response = await client.DownloadAsync(ExportUrl());
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.StartsWith($"{Survey}-", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        Assert.Equal(Bom, bytes[..3]);
        var rows = Csv.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        var survey = host.Get<Assistant.Core.Surveys.ISurveySource>().Current.Find(Survey)!;
        Assert.Equal(SurveyExportEndpoints.Columns(survey), rows[0]);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        var row = rows[1].Select((value, i) => (Column: rows[0][i], value)).ToDictionary(x => x.Column, x => x.value);
        Assert.Equal(first.ToString(), row["response_id"]);
        Assert.Equal(key[..14], row["participant"]);
        Assert.Equal("telegram", row["channel"]);
        Assert.Equal("completed", row["status"]);
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", row["started_at"]);
        Assert.Equal("often", row["e-services-use"]);
        Assert.Equal("4", row["satisfaction"]);
        Assert.Equal("Бързо, удобно и \"модерно\";\nно понякога бавно, вечер", row["satisfaction-why"]);
        Assert.Equal("slow; mobile; other", row["obstacles"]);
        Assert.Equal("Опашки, опашки", row["obstacles.other"]);
        Assert.Equal("9", row["recommend"]);
        Assert.Equal("yes", row["workshop-interest"]);
        Assert.Equal("", row["idea"]);
        Assert.Equal(second.ToString(), rows[2][0]);
        Assert.Equal("in_progress", rows[2][3]);
        Assert.Equal("", rows[2][6]);

        using var labelled = await client.DownloadAsync(ExportUrl("format=csv&labels=bg&sep=semicolon"));
        var labelledText = await labelled.Content.ReadAsStringAsync(Ct);
        var labelledRows = Csv.Parse(labelledText.TrimStart('\uFEFF'), ';');
        Assert.Equal("Поне веднъж месечно", labelledRows[1][rows[0].IndexOf("e-services-use")]);
        Assert.Equal("Да", labelledRows[1][rows[0].IndexOf("workshop-interest")]);
        Assert.Equal(rows[0], labelledRows[0]);
    }

    [Fact]
    public async Task Cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised_and_numbers_stay_numbers()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        string[] dangerous = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\tTAB", "\rCR", "  =1+1", "=cmd|' /C calc'!A0"];
        foreach (var text in dangerous)
        {
            await RespondAsync(store, DateTimeOffset.UtcNow.AddMinutes(-10), answers:
                [("idea", Text(text)), ("obstacles", OptionsWithOther(text, "slow")), ("recommend", Number(0))]);
        }

        using var client = await host.SignedInAsync();
        var rows = Csv.Parse((await (await client.DownloadAsync(ExportUrl())).Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF'));

        var idea = rows[0].IndexOf("idea");
        var other = rows[0].IndexOf("obstacles.other");
        var recommend = rows[0].IndexOf("recommend");
        Assert.Equal(dangerous.Select(d => "'" + d).Order(StringComparer.Ordinal), rows.Skip(1).Select(r => r[idea]).Order(StringComparer.Ordinal));
        Assert.Equal(dangerous.Select(d => "'" + d).Order(StringComparer.Ordinal), rows.Skip(1).Select(r => r[other]).Order(StringComparer.Ordinal));
        Assert.All(rows.Skip(1), r => Assert.Equal("0", r[recommend]));
        Assert.All(rows.Skip(1).SelectMany(r => r), cell => Assert.DoesNotMatch("^\\s*[=+\\-@\\t\\r]", cell));

        Assert.Equal("plain text", CsvCell.Neutralise("plain text"));
        Assert.Equal("'-5", CsvCell.Neutralise("-5"));
        Assert.Equal("a=b", CsvCell.Neutralise("a=b"));
    }

    [Fact]
    public async Task The_JSON_export_carries_the_survey_definition_the_filters_and_every_answer_as_stored()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var kept = await RespondAsync(store, DateTimeOffset.UtcNow.AddHours(-1), "telegram", participant: Key("j"), answers:
            [("obstacles", OptionsWithOther("=1+1 <b>Друго</b>", "slow")), ("recommend", Number(10)), ("idea", SurveyAnswerValueSkip())]);
        await RespondAsync(store, DateTimeOffset.UtcNow.AddHours(-1), "directline", answers: ("recommend", Number(1)));
        using var client = await host.SignedInAsync(AdminHost.ReviewerName);

        using var response = await client.DownloadAsync(ExportUrl("format=json&channel=telegram&completion=completed"));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Survey, (string?)json["survey"]!["id"]);
        Assert.Equal("Колко често през последните 12 месеца сте ползвали електронни услуги на Столичната община или на районните администрации?",
            (string?)json["survey"]!["questions"]![0]!["text"]!["bg"]);
        Assert.Equal("telegram", (string?)json["filters"]!["channel"]);
        Assert.Equal("completed", (string?)json["filters"]!["completion"]);
        var one = Assert.Single(json["responses"]!.AsArray())!;
        Assert.Equal(kept.ToString(), (string?)one["id"]);
        Assert.Equal(Key("j")[..14], (string?)one["participant"]);
        Assert.Equal("=1+1 <b>Друго</b>", (string?)one["answers"]!["obstacles"]!["other"]);
        Assert.Equal(10, (int)one["answers"]!["recommend"]!["value"]!);
        Assert.True((bool)one["answers"]!["idea"]!["skipped"]!);
    }

    [Fact]
    public async Task The_API_takes_HTTP_Basic_with_a_staff_account_and_the_same_filters_as_the_page()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var today = DateTimeOffset.UtcNow.Date;
        await RespondAsync(store, new DateTimeOffset(today.AddDays(-30), TimeSpan.Zero).AddHours(10), "telegram");
        await RespondAsync(store, new DateTimeOffset(today.AddDays(-2), TimeSpan.Zero).AddHours(10), "telegram");
        await RespondAsync(store, new DateTimeOffset(today.AddDays(-2), TimeSpan.Zero).AddHours(11), "directline", complete: false);
        using var script = host.NewClient();
        script.Http.DefaultRequestHeaders.Authorization = AdminClient.Basic(AdminHost.ReviewerName, AdminHost.ReviewerPassword);

        async Task<int> RowsAsync(string query)
        {
            using var response = await script.DownloadAsync(ExportUrl(query));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Csv.Parse((await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF')).Count - 1;
        }

        var from = today.AddDays(-7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(3, await RowsAsync("format=csv"));
        Assert.Equal(2, await RowsAsync($"format=csv&from={from}"));
        Assert.Equal(1, await RowsAsync($"format=csv&to={today.AddDays(-7):yyyy-MM-dd}"));
        Assert.Equal(2, await RowsAsync("format=csv&channel=telegram"));
        Assert.Equal(1, await RowsAsync($"format=csv&from={from}&completion=completed"));
        Assert.Equal(1, await RowsAsync("completion=incomplete"));
        Assert.False(script.Jar.Cookies.ContainsKey(Assistant.Web.Admin.Security.StaffRoles.CookieName));

        using var bad = await script.DownloadAsync(ExportUrl("format=xlsx&from=last-week"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("from, format", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await script.DownloadAsync(ExportUrl(survey: "nope"))).StatusCode);

        using var wrong = host.NewClient();
        wrong.Http.DefaultRequestHeaders.Authorization = AdminClient.Basic(AdminHost.ReviewerName, "not-the-password");
        using var refused = await wrong.DownloadAsync(ExportUrl());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);
        var audit = await host.Get<IAuditLogStore>().ListAsync(0, 100, Ct);
        Assert.Contains(audit, e => e.Action == "survey.export" && e.Actor == AdminHost.ReviewerName && e.Subject == Survey);
    }

    [Fact]
    public async Task The_data_dictionary_lists_every_column_question_and_option_with_Bulgarian_and_English_labels()
    {
        await using var host = await AdminHost.StartAsync();
        using var client = await host.SignedInAsync(AdminHost.ReviewerName);

        using var response = await client.DownloadAsync($"/api/admin/surveys/{Survey}/dictionary?format=csv");
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var rows = Csv.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));

        Assert.Equal(Bom, bytes[..3]);
        Assert.Equal(["column", "question_type", "required", "text_bg", "text_en", "value", "label_bg", "label_en"], rows[0]);
        Assert.Contains(rows, r => r[0] == "e-services-use" && r[1] == "single-choice" && r[4].StartsWith("In the past 12 months", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[0] == "e-services-use" && r[5] == "often" && r[6] == "Поне веднъж месечно" && r[7] == "At least once a month");
        Assert.Contains(rows, r => r[0] == "obstacles.other" && r[1] == "free-text");
        Assert.Contains(rows, r => r[0] == "workshop-interest" && r[5] == "yes" && r[6] == "Да");
        var survey = host.Get<Assistant.Core.Surveys.ISurveySource>().Current.Find(Survey)!;
        Assert.All(SurveyExportEndpoints.Columns(survey), column => Assert.Contains(rows, r => r[0] == column));

        using var json = await client.DownloadAsync($"/api/admin/surveys/{Survey}/dictionary?format=json");
        Assert.Equal("often", (string?)JsonNode.Parse(await json.Content.ReadAsStringAsync(Ct))!["questions"]![0]!["options"]![0]!["id"]);
    }

    [Fact]
    public async Task Twenty_thousand_responses_stream_out_as_CSV_and_JSON()
    {
        await using var host = await AdminHost.StartAsync();
        var store = host.Get<ISurveyResponseStore>();
        var start = DateTimeOffset.UtcNow.AddDays(-20);
        const int count = 20_000;
        var watch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (i, _) =>
            await RespondAsync(store, start.AddSeconds(i), i % 3 == 0 ? "telegram" : "directline", complete: i % 4 != 0,
                answers: [("e-services-use", Option("often")), ("idea", Text("Идея номер " + i))]));
        TestContext.Current.SendDiagnosticMessage($"Inserted {count} responses through the store in {watch.ElapsedMilliseconds} ms");
        using var client = await host.SignedInAsync(AdminHost.ReviewerName);

        watch.Restart();
        using var csv = await client.DownloadAsync(ExportUrl(), streamed: true);
        Assert.Null(csv.Content.Headers.ContentLength);
        using var reader = new StreamReader(await csv.Content.ReadAsStreamAsync(Ct), Encoding.UTF8);
        var lines = 0;
        var ideas = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadLineAsync(Ct) is { } line)
        {
            if (lines++ > 0)
            {
                ideas.Add(line.Split(',')[^1]);
            }
        }

        TestContext.Current.SendDiagnosticMessage($"CSV of {count} responses read in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(count + 1, lines);
        Assert.Equal(count, ideas.Count);

        using var json = await client.DownloadAsync(ExportUrl("format=json&completion=completed"), streamed: true);
        var parsed = await JsonNode.ParseAsync(await json.Content.ReadAsStreamAsync(Ct), cancellationToken: Ct);
        Assert.Equal(count - (count / 4), parsed!["responses"]!.AsArray().Count);
    }

    [Fact]
    public async Task Rows_reach_the_client_while_storage_is_still_being_read()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await AdminHost.StartAsync(services: services => services.AddSingleton<IStaffReportStore>(sp =>
            new GatedReports(new SqliteStaffReportStore(sp.GetRequiredService<SqliteDatabase>()), gate.Task)));
        using var client = await host.SignedInAsync(AdminHost.ReviewerName);

        using var response = await client.DownloadAsync(ExportUrl(), streamed: true);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct), Encoding.UTF8);
        var early = new List<string>();
        for (var i = 0; i < 201; i++)
        {
            early.Add((await reader.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(20), Ct))!);
        }

        // The store has handed out only its first rows and is now waiting: the client already has them.
        Assert.False(gate.Task.IsCompleted);
        Assert.StartsWith("response_id,", early[0], StringComparison.Ordinal);
        gate.SetResult();
        var rest = 0;
        while (await reader.ReadLineAsync(Ct) is not null)
        {
            rest++;
        }

        Assert.Equal(GatedReports.Total, early.Count - 1 + rest);
    }

    private static Assistant.Core.Surveys.SurveyAnswerValue SurveyAnswerValueSkip() => Assistant.Core.Surveys.SurveyAnswerValue.Skip;

    /// <summary>Hands out <see cref="Total"/> made-up responses, stopping after the first 300 until the gate opens.</summary>
    private sealed class GatedReports(IStaffReportStore inner, Task gate) : IStaffReportStore
    {
        public const int Total = 1000;

        public Task<IReadOnlyList<SurveyCountRow>> CountResponsesAsync(DateTimeOffset last7Days, DateTimeOffset last30Days, CancellationToken cancellationToken) =>
            inner.CountResponsesAsync(last7Days, last30Days, cancellationToken);

        public Task<int> CountAsync(ResponseQuery query, CancellationToken cancellationToken) => inner.CountAsync(query, cancellationToken);

        public Task<IReadOnlyList<SurveyResponse>> ListAsync(ResponseQuery query, int offset, int limit, CancellationToken cancellationToken) =>
            inner.ListAsync(query, offset, limit, cancellationToken);

        public Task<int> CountKnowledgeAnswersAsync(CancellationToken cancellationToken) => inner.CountKnowledgeAnswersAsync(cancellationToken);

        public async IAsyncEnumerable<ResponseWithAnswers> StreamAsync(ResponseQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var i = 0; i < Total; i++)
            {
                if (i == 300)
                {
                    await gate.WaitAsync(cancellationToken);
                }

                var id = Guid.NewGuid();
                yield return new ResponseWithAnswers(
                    new SurveyResponse(id, query.SurveyId, 1, null, "directline", DateTimeOffset.UtcNow, null, ResponseStatus.InProgress),
                    [new SurveyAnswer(id, "idea", Text("ред " + i).ToJson(), DateTimeOffset.UtcNow)]);
            }
        }
    }
}
