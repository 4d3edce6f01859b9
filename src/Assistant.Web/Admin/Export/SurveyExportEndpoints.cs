using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Assistant.Web.Admin.Reports;
using Assistant.Web.Admin.Stores;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Admin.Export;

/// <summary>
/// <c>GET /api/admin/surveys/{surveyId}/export?format=csv|json</c> with the page filters (<c>from</c>, <c>to</c>,
/// <c>channel</c>, <c>completion</c>), and <c>…/dictionary?format=csv|json</c>. Both stream: responses are read from
/// storage one at a time and written out as they come, so the size of the table never matters. CSV is UTF-8 with a BOM
/// (Excel then shows Cyrillic), one row per response and one column per question (plus <c>{id}.other</c> for "other"
/// texts); <c>sep=semicolon</c> suits Excel set to a Bulgarian locale; <c>labels=bg|en</c> writes option labels instead
/// of option ids. Every export is recorded in the audit log.
/// </summary>
public static class SurveyExportEndpoints
{
    private const int FlushEvery = 250;

    /// <summary>Cyrillic stays readable; HTML-sensitive characters are still escaped.</summary>
    internal static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    private static readonly string[] BaseColumns = ["response_id", "participant", "channel", "status", "survey_version", "started_at", "completed_at", "campaign"];

    public static async Task<IResult> ExportAsync(HttpContext http, string surveyId, ISurveySource surveys, IStaffReportStore reports,
        IAuditLogStore audit, IOptions<AdminOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (surveys.Current.Find(surveyId) is not { } survey)
        {
            return Results.Text($"No survey '{surveyId}'.\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        var (filters, invalid) = ResponseFilters.Parse(http.Request.Query);
        var format = http.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "csv";
        var labels = http.Request.Query["labels"].ToString() is { Length: > 0 } l ? l : "ids";
        var sep = http.Request.Query["sep"].ToString() is { Length: > 0 } s ? s : "comma";
        if (format is not ("csv" or "json"))
        {
            invalid = [.. invalid, "format"];
        }

        if (labels is not ("ids" or "bg" or "en"))
        {
            invalid = [.. invalid, "labels"];
        }

        if (sep is not ("comma" or "semicolon"))
        {
            invalid = [.. invalid, "sep"];
        }

        if (invalid.Count > 0)
        {
            return Results.Text($"Invalid query parameter(s): {string.Join(", ", invalid)}. Use format=csv|json, from/to=yyyy-MM-dd, " +
                "completion=all|completed|incomplete, channel=<channel>, labels=ids|bg|en, sep=comma|semicolon.\n",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        var zone = TimeZone(options.Value);
        var query = filters.ToQuery(survey.Id, zone);
        var now = clock.GetUtcNow();
        await audit.AppendAsync(new AuditEntry(now, http.User.Identity?.Name ?? "?", "survey.export", survey.Id,
            $"format={format}; from={query.From:O}; before={query.Before:O}; channel={filters.Channel}; completion={filters.CompletionText}"),
            cancellationToken);
        var fileName = $"{survey.Id}-{now.UtcDateTime.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}.{format}";
        var rows = reports.StreamAsync(query, cancellationToken);
        return format == "json"
            ? new StreamedFile("application/json; charset=utf-8", fileName, stream => WriteJsonAsync(stream, survey, filters, now, rows, cancellationToken))
            : new StreamedFile("text/csv; charset=utf-8", fileName,
                stream => WriteCsvAsync(stream, survey, rows, labels, sep == "semicolon" ? ';' : ',', cancellationToken));
    }

    public static IResult DataDictionary(HttpContext http, string surveyId, ISurveySource surveys, CancellationToken cancellationToken)
    {
        if (surveys.Current.Find(surveyId) is not { } survey)
        {
            return Results.Text($"No survey '{surveyId}'.\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        var format = http.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "csv";
        var sep = http.Request.Query["sep"].ToString() == "semicolon" ? ';' : ',';
        return format switch
        {
            "csv" => new StreamedFile("text/csv; charset=utf-8", $"{survey.Id}-dictionary.csv",
                stream => WriteDictionaryCsvAsync(stream, survey, sep, cancellationToken)),
            "json" => new StreamedFile("application/json; charset=utf-8", $"{survey.Id}-dictionary.json", async stream =>
            {
                await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = Encoder, Indented = true });
                WriteDefinition(writer, survey);
                await writer.FlushAsync(cancellationToken);
            }),
            _ => Results.Text("Invalid query parameter(s): format. Use format=csv|json.\n", "text/plain; charset=utf-8",
                statusCode: StatusCodes.Status400BadRequest),
        };
    }

    /// <summary>The columns of the CSV export, in order: the base columns, then each question (and its "other" column).</summary>
    public static IReadOnlyList<string> Columns(SurveyDefinition survey) =>
        [.. BaseColumns, .. survey.Questions.SelectMany(q => q.AllowOther ? new[] { q.Id, q.Id + ".other" } : [q.Id])];

    private static async Task WriteCsvAsync(Stream stream, SurveyDefinition survey, IAsyncEnumerable<ResponseWithAnswers> rows,
        string labels, char sep, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 32 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(sep, Columns(survey).Select(c => CsvCell.Text(c, sep))));
        var written = 0;
        var cells = new List<string>(BaseColumns.Length + (survey.Questions.Count * 2));
        await foreach (var item in rows.WithCancellation(cancellationToken))
        {
            cells.Clear();
            var r = item.Response;
            cells.Add(r.Id.ToString("D"));
            cells.Add(CsvCell.Text(ShortKey(r.ParticipantKey), sep));
            cells.Add(CsvCell.Text(r.Channel, sep));
            cells.Add(ResponseStatusNames.ToText(r.Status));
            cells.Add(CsvCell.Number(r.SurveyVersion.ToString(CultureInfo.InvariantCulture)));
            cells.Add(Time(r.StartedAt));
            cells.Add(r.CompletedAt is { } done ? Time(done) : "");
            cells.Add(CsvCell.Text(r.Campaign, sep));
            var answers = item.Answers.ToDictionary(a => a.QuestionId, a => SurveyResults.Read(a.ValueJson), StringComparer.Ordinal);
            foreach (var question in survey.Questions)
            {
                var value = answers.GetValueOrDefault(question.Id);
                cells.Add(Cell(question, value, labels, sep));
                if (question.AllowOther)
                {
                    cells.Add(CsvCell.Text(value?.Skipped == true ? null : value?.Other, sep));
                }
            }

            await writer.WriteLineAsync(string.Join(sep, cells));
            if (++written % FlushEvery == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static string Cell(SurveyQuestion question, SurveyAnswerValue? value, string labels, char sep)
    {
        if (value is null || value.Skipped == true)
        {
            return "";
        }

        if (value.Value is { } number)
        {
            return CsvCell.Number(number.ToString(CultureInfo.InvariantCulture));
        }

        if (value.Text is { } text)
        {
            return CsvCell.Text(text, sep);
        }

        IReadOnlyList<string> options = value.Option is { } one ? [one] : value.Options ?? [];
        return CsvCell.Text(string.Join("; ", options.Select(o => Label(question, o, labels))), sep);
    }

    private static string Label(SurveyQuestion question, string option, string labels)
    {
        if (labels == "ids")
        {
            return option;
        }

        return option switch
        {
            "yes" when question.Type == QuestionType.YesNo => labels == "en" ? "Yes" : "Да",
            "no" when question.Type == QuestionType.YesNo => labels == "en" ? "No" : "Не",
            SurveyAnswerValue.OtherOptionId => labels == "en" ? "Other" : "Друго",
            _ => question.Options.FirstOrDefault(o => o.Id == option)?.Text.Get(labels) ?? option,
        };
    }

    private static async Task WriteJsonAsync(Stream stream, SurveyDefinition survey, ResponseFilters filters, DateTimeOffset now,
        IAsyncEnumerable<ResponseWithAnswers> rows, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = Encoder });
        writer.WriteStartObject();
        writer.WritePropertyName("survey");
        WriteDefinition(writer, survey);
        writer.WriteStartObject("filters");
        writer.WriteString("from", filters.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("to", filters.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("channel", filters.Channel);
        writer.WriteString("completion", filters.CompletionText);
        writer.WriteString("campaign", filters.Campaign);
        writer.WriteEndObject();
        writer.WriteString("exportedAt", now.UtcDateTime);
        writer.WriteStartArray("responses");
        var written = 0;
        await foreach (var item in rows.WithCancellation(cancellationToken))
        {
            var r = item.Response;
            writer.WriteStartObject();
            writer.WriteString("id", r.Id);
            writer.WriteString("participant", ShortKey(r.ParticipantKey));
            writer.WriteString("channel", r.Channel);
            writer.WriteString("status", ResponseStatusNames.ToText(r.Status));
            writer.WriteNumber("surveyVersion", r.SurveyVersion);
            writer.WriteString("campaign", r.Campaign);
            writer.WriteString("startedAt", r.StartedAt.UtcDateTime);
            if (r.CompletedAt is { } done)
            {
                writer.WriteString("completedAt", done.UtcDateTime);
            }
            else
            {
                writer.WriteNull("completedAt");
            }

            writer.WriteStartObject("answers");
            foreach (var answer in item.Answers)
            {
                writer.WritePropertyName(answer.QuestionId);
                WriteAnswer(writer, SurveyResults.Read(answer.ValueJson));
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            if (++written % FlushEvery == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The stored answer shape, written by hand: JsonSerializer would flush the writer synchronously after each value.</summary>
    private static void WriteAnswer(Utf8JsonWriter writer, SurveyAnswerValue value)
    {
        writer.WriteStartObject();
        if (value.Option is { } option)
        {
            writer.WriteString("option", option);
        }

        if (value.Options is { } options)
        {
            writer.WriteStartArray("options");
            foreach (var each in options)
            {
                writer.WriteStringValue(each);
            }

            writer.WriteEndArray();
        }

        if (value.Other is { } other)
        {
            writer.WriteString("other", other);
        }

        if (value.Value is { } number)
        {
            writer.WriteNumber("value", number);
        }

        if (value.Text is { } text)
        {
            writer.WriteString("text", text);
        }

        if (value.Skipped == true)
        {
            writer.WriteBoolean("skipped", true);
        }

        writer.WriteEndObject();
    }

    private static void WriteDefinition(Utf8JsonWriter writer, SurveyDefinition survey)
    {
        writer.WriteStartObject();
        writer.WriteString("id", survey.Id);
        writer.WriteNumber("version", survey.Version);
        WriteText(writer, "title", survey.Title.Bg, survey.Title.En);
        writer.WriteBoolean("anonymous", survey.Anonymous);
        writer.WriteStartArray("questions");
        foreach (var question in survey.Questions)
        {
            writer.WriteStartObject();
            writer.WriteString("id", question.Id);
            writer.WriteString("type", TypeName(question.Type));
            writer.WriteBoolean("required", question.Required);
            WriteText(writer, "text", question.Text.Bg, question.Text.En);
            if (question.Type is QuestionType.SingleChoice or QuestionType.MultiChoice or QuestionType.YesNo)
            {
                writer.WriteStartArray("options");
                foreach (var (id, bg, en) in Values(question))
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", id);
                    WriteText(writer, "text", bg, en);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            if (question.Scale is { } scale)
            {
                writer.WriteStartObject("scale");
                writer.WriteNumber("min", scale.Min);
                writer.WriteNumber("max", scale.Max);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string bg, string en)
    {
        writer.WriteStartObject(name);
        writer.WriteString("bg", bg);
        writer.WriteString("en", en);
        writer.WriteEndObject();
    }

    private static async Task WriteDictionaryCsvAsync(Stream stream, SurveyDefinition survey, char sep, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        async Task RowAsync(params string?[] cells) => await writer.WriteLineAsync(string.Join(sep, cells.Select(c => CsvCell.Text(c, sep))));
        await RowAsync("column", "question_type", "required", "text_bg", "text_en", "value", "label_bg", "label_en");
        await RowAsync("response_id", "", "", "Номер на отговора", "Response id", "", "", "");
        await RowAsync("participant", "", "", "Псевдонимизиран код на участника (съкратен; празно за анонимни анкети)",
            "Pseudonymous participant key (shortened; empty for anonymous surveys)", "", "", "");
        await RowAsync("channel", "", "", "Канал", "Channel", "", "", "");
        await RowAsync("status", "", "", "Състояние", "Status", "completed | in_progress | abandoned", "", "");
        await RowAsync("survey_version", "", "", "Версия на анкетата", "Survey version", "", "", "");
        await RowAsync("started_at", "", "", "Начало (UTC)", "Started (UTC)", "", "", "");
        await RowAsync("completed_at", "", "", "Завършен (UTC)", "Completed (UTC)", "", "", "");
        await RowAsync("campaign", "", "", "Кампания (от поканата или връзката, с която е започнат; празно, ако е започнат от менюто)",
            "Campaign (of the invitation or link it was started from; empty when started from the menu)", "", "", "");
        foreach (var question in survey.Questions)
        {
            await RowAsync(question.Id, TypeName(question.Type), question.Required ? "yes" : "no", question.Text.Bg, question.Text.En, "", "", "");
            foreach (var (id, bg, en) in Values(question))
            {
                await RowAsync(question.Id, "", "", "", "", id, bg, en);
            }

            if (question.Type is QuestionType.Rating && question.Scale is { } scale)
            {
                await RowAsync(question.Id, "", "", "", "", scale.Min.ToString(CultureInfo.InvariantCulture), scale.MinLabel?.Bg, scale.MinLabel?.En);
                await RowAsync(question.Id, "", "", "", "", scale.Max.ToString(CultureInfo.InvariantCulture), scale.MaxLabel?.Bg, scale.MaxLabel?.En);
            }

            if (question.AllowOther)
            {
                await RowAsync(question.Id + ".other", "free-text", "no", "Текст на отговора „Друго“", "Text of the \"other\" answer", "", "", "");
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static IEnumerable<(string Id, string Bg, string En)> Values(SurveyQuestion question)
    {
        if (question.Type == QuestionType.YesNo)
        {
            yield return ("yes", "Да", "Yes");
            yield return ("no", "Не", "No");
            yield break;
        }

        foreach (var option in question.Options)
        {
            yield return (option.Id, option.Text.Bg, option.Text.En);
        }

        if (question.AllowOther)
        {
            yield return (SurveyAnswerValue.OtherOptionId, "Друго", "Other");
        }
    }

    public static string TypeName(QuestionType type) => type switch
    {
        QuestionType.SingleChoice => "single-choice",
        QuestionType.MultiChoice => "multi-choice",
        QuestionType.Rating => "rating",
        QuestionType.Nps => "nps",
        QuestionType.YesNo => "yes-no",
        QuestionType.FreeText => "free-text",
        QuestionType.Number => "number",
        _ => type.ToString(),
    };

    /// <summary>Enough of the pseudonymous key to link a participant's rows; exports never carry the full key.</summary>
    public static string ShortKey(string? key) => key is null ? "" : key.Length > 14 ? key[..14] : key;


    private static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static TimeZoneInfo TimeZone(AdminOptions options)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}

/// <summary>A download written straight to the response body by <paramref name="write"/>, never buffered as a whole.</summary>
public sealed class StreamedFile(string contentType, string fileName, Func<Stream, Task> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName, DispositionType = "attachment" }.ToString();
        await write(response.Body);
    }
}
