using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Assistant.Core.Content;
using Assistant.Core.Language;

namespace Assistant.Core.Surveys;

/// <summary>
/// Loads <c>dialogs/surveys/*.yaml</c>: every file is checked against <c>dialogs/schemas/survey.schema.json</c>, then for what
/// the schema cannot see (listed in the schema's description): the file name equals the id; survey, question and option ids
/// are unique; a question has the properties of its type only; <c>showIf</c> refers to an earlier question with values that
/// question can give; the scale, the selection limits and the dates are in order. The type rules are here rather than in the
/// schema because <see cref="SchemaValidator"/> reports the failing conditions of if/then/else, anyOf and not as errors.
/// Any problem is a <see cref="ContentException"/> naming file, line and field; fields are written like
/// <c>questions[3].showIf.anyOf[0]</c> with 0-based indexes.
/// </summary>
public static class SurveyLoader
{
    public const string RetainUntilPlaceholder = "{retainUntil}";

    public const string SurveysFolderName = "surveys";
    public const string SchemaFileName = "survey.schema.json";

    /// <summary>An NPS question is always answered on 0..10; the file gives no scale for it.</summary>
    public static readonly RatingScale NpsScale = new(0, 10, null, null);

    private const string DateFormat = "yyyy-MM-dd";
    private const string OtherOptionId = "other";

    /// <summary>Question properties that belong to some types only, in the order of the schema.</summary>
    private static readonly (string Field, QuestionType[] Types)[] OwnFields =
    [
        ("options", [QuestionType.SingleChoice, QuestionType.MultiChoice]),
        ("allowOther", [QuestionType.SingleChoice, QuestionType.MultiChoice]),
        ("minSelections", [QuestionType.MultiChoice]),
        ("maxSelections", [QuestionType.MultiChoice]),
        ("scale", [QuestionType.Rating]),
        ("maxLength", [QuestionType.FreeText]),
        ("min", [QuestionType.Number]),
        ("max", [QuestionType.Number]),
    ];

    public static SurveyCatalog Load(string dialogsFolder)
    {
        ArgumentNullException.ThrowIfNull(dialogsFolder);
        var folder = Path.Combine(dialogsFolder, SurveysFolderName);
        if (!Directory.Exists(folder))
        {
            // The product ships its surveys: a missing folder is a broken deployment, not "no surveys".
            throw new ContentException(SurveysFolderName, 0, "(folder)", "not found in " + dialogsFolder);
        }

        var paths = Directory.EnumerateFiles(folder, "*.yaml")
            .Where(p => string.Equals(Path.GetExtension(p), ".yaml", StringComparison.Ordinal))
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .ToList();
        if (paths.Count == 0)
        {
            throw new ContentException(SurveysFolderName, 0, "(folder)", "no *.yaml files in " + folder);
        }

        var validator = SchemaValidator.FromFile(Path.Combine(dialogsFolder, "schemas", SchemaFileName));
        var names = paths.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var surveys = new List<SurveyDefinition>();
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            var bytes = File.ReadAllBytes(path);
            var document = YamlJsonConverter.Load(name, bytes);
            validator.Validate(document);

            var reader = new Reader(document);
            var id = (string)document.Root!["id"]!;
            if (seen.TryGetValue(id, out var firstFile))
            {
                // Unreachable while every file name equals its id, but the catalog must never hold two surveys with one id.
                throw reader.Error("/id", $"duplicate survey id \"{id}\": already the id of {firstFile}");
            }

            var expected = Path.GetFileNameWithoutExtension(name);
            if (!string.Equals(id, expected, StringComparison.Ordinal))
            {
                var copy = names.Contains(id + ".yaml") ? $"; \"{id}\" is the id of {id}.yaml (is this file a copy?)" : "";
                throw reader.Error("/id", $"the id \"{id}\" must equal the file name without .yaml, \"{expected}\"{copy}");
            }

            seen.Add(id, name);
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
            surveys.Add(reader.Read(hash));
        }

        return new SurveyCatalog(surveys);
    }

    /// <summary>Maps one schema-valid document and checks what the schema cannot.</summary>
    private sealed class Reader(YamlJsonDocument document)
    {
        public ContentException Error(string pointer, string problem) =>
            new(document.File, document.LineOf(pointer), YamlJsonConverter.Readable(pointer), problem);

        private string Where(string pointer) => $"line {document.LineOf(pointer)}";

        // The document passed the schema, so required members exist and have their types; only optional ones need defaults.
        public SurveyDefinition Read(string hash)
        {
            var root = document.Root!.AsObject();
            var opens = Date(root["opens"]!, "/opens");
            var closes = Date(root["closes"]!, "/closes");
            if (closes < opens)
            {
                throw Error("/closes", $"closes {Format(closes)} is before opens {Format(opens)} ({Where("/opens")})");
            }

            var retainUntil = Date(root["retainUntil"]!, "/retainUntil");
            if (retainUntil < closes)
            {
                throw Error("/retainUntil", $"retainUntil {Format(retainUntil)} is before closes {Format(closes)} ({Where("/closes")}): answers given on the last day would be deleted already");
            }

            var consent = root["consent"]!;
            var questions = Questions(root["questions"]!.AsArray());
            return new SurveyDefinition(
                Id: (string)root["id"]!,
                Version: Int(root["version"]!, "/version"),
                Hash: hash,
                Title: Text(root["title"]!),
                Description: Text(root["description"]!),
                Intro: Text(root["intro"]!),
                ThankYou: Text(root["thankYou"]!),
                Opens: opens,
                Closes: closes,
                RetainUntil: retainUntil,
                Anonymous: (bool)root["anonymous"]!,
                OncePerParticipant: (bool)root["oncePerParticipant"]!,
                Consent: new SurveyConsent(Int(consent["version"]!, "/consent/version"), ConsentText(consent["text"]!, retainUntil)),
                Questions: questions,
                SourceFile: document.File);
        }

        /// <summary>The consent text with <c>{retainUntil}</c> filled in from the survey's own date, in each language's style.</summary>
        private LocalizedText ConsentText(JsonNode node, DateOnly retainUntil)
        {
            var text = Text(node);
            foreach (var (lang, value) in new[] { (Lang.Bg, text.Bg), (Lang.En, text.En) })
            {
                if (!value.Contains(RetainUntilPlaceholder, StringComparison.Ordinal))
                {
                    throw Error($"/consent/text/{lang}",
                        $"the consent text must say how long answers are kept with {RetainUntilPlaceholder} (filled in from retainUntil), so the notice and the deletion cannot disagree");
                }
            }

            return new LocalizedText(
                text.Bg.Replace(RetainUntilPlaceholder, retainUntil.ToString("d.MM.yyyy 'г.'", CultureInfo.InvariantCulture), StringComparison.Ordinal),
                text.En.Replace(RetainUntilPlaceholder, retainUntil.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        private List<SurveyQuestion> Questions(JsonArray array)
        {
            var questions = new List<SurveyQuestion>();
            var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                var at = "/questions/" + i.ToString(CultureInfo.InvariantCulture);
                var question = Question(array[i]!.AsObject(), at);
                if (indexById.TryGetValue(question.Id, out var first))
                {
                    throw Error(at + "/id", $"duplicate question id \"{question.Id}\": already used by questions[{first}] ({Where($"/questions/{first}/id")})");
                }

                if (question.ShowIf is { } showIf)
                {
                    CheckShowIf(showIf, at + "/showIf", questions, indexById, array.Count, i);
                }

                indexById.Add(question.Id, i);
                questions.Add(question);
            }

            return questions;
        }

        private SurveyQuestion Question(JsonObject json, string at)
        {
            var type = Type((string)json["type"]!, at + "/type");
            CheckOwnFields(json, type, at);
            var options = Options(json["options"], at + "/options");
            var allowOther = json["allowOther"] is { } other && (bool)other;
            if (allowOther && options.FindIndex(o => o.Id == OtherOptionId) is var otherIndex and >= 0)
            {
                throw Error(
                    $"{at}/options/{otherIndex}/id",
                    $"option id \"{OtherOptionId}\" clashes with the \"Other\" choice that allowOther adds ({Where(at + "/allowOther")}); rename the option or drop allowOther");
            }

            var minSelections = json["minSelections"] is { } minSel ? Int(minSel, at + "/minSelections") : (int?)null;
            var maxSelections = json["maxSelections"] is { } maxSel ? Int(maxSel, at + "/maxSelections") : (int?)null;
            var min = json["min"] is { } minNode ? Decimal(minNode, at + "/min") : (decimal?)null;
            var max = json["max"] is { } maxNode ? Decimal(maxNode, at + "/max") : (decimal?)null;

            var choices = options.Count + (allowOther ? 1 : 0);
            if (minSelections is { } fewest && maxSelections is { } most && fewest > most)
            {
                throw Error(at + "/maxSelections", $"maxSelections {most} is less than minSelections {fewest} ({Where(at + "/minSelections")})");
            }

            if (maxSelections > choices)
            {
                throw Error(at + "/maxSelections", $"maxSelections {maxSelections} is more than the {Choices(options.Count, allowOther)}");
            }

            if (minSelections > choices)
            {
                throw Error(at + "/minSelections", $"minSelections {minSelections} is more than the {Choices(options.Count, allowOther)}");
            }

            if (min is { } low && max is { } high && low > high)
            {
                throw Error(at + "/max", $"max {high} is less than min {low} ({Where(at + "/min")})");
            }

            return new SurveyQuestion(
                Id: (string)json["id"]!,
                Type: type,
                Text: Text(json["text"]!),
                Help: json["help"] is { } help ? Text(help) : null,
                Required: (bool)json["required"]!,
                Options: options,
                AllowOther: allowOther,
                MinSelections: minSelections,
                MaxSelections: maxSelections,
                Scale: type == QuestionType.Nps ? NpsScale : Scale(json["scale"], at + "/scale"),
                MaxLength: json["maxLength"] is { } maxLength ? Int(maxLength, at + "/maxLength") : null,
                Min: min,
                Max: max,
                ShowIf: json["showIf"] is { } showIf ? ShowIf(showIf.AsObject(), at + "/showIf") : null);
        }

        /// <summary>Type-specific properties only on their own types, and the required ones present (the schema has no conditionals).</summary>
        private void CheckOwnFields(JsonObject json, QuestionType type, string at)
        {
            foreach (var (field, types) in OwnFields)
            {
                if (json.ContainsKey(field) && !types.Contains(type))
                {
                    throw Error($"{at}/{field}", $"{field} is only for {Names(types)} questions; this question is {type.ToYaml()}");
                }
            }

            var needed = type switch
            {
                QuestionType.SingleChoice or QuestionType.MultiChoice => "options",
                QuestionType.Rating => "scale",
                _ => null,
            };
            if (needed is not null && !json.ContainsKey(needed))
            {
                throw Error($"{at}/{needed}", $"missing: {type.ToYaml()} questions need {needed}");
            }
        }

        private static string Names(QuestionType[] types) => string.Join(" and ", types.Select(t => t.ToYaml()));

        private static string Choices(int options, bool allowOther) =>
            allowOther ? $"{options} options and \"Other\" ({options + 1} choices)" : $"{options} options";

        private List<SurveyOption> Options(JsonNode? json, string at)
        {
            var options = new List<SurveyOption>();
            if (json is null)
            {
                return options;
            }

            var array = json.AsArray();
            var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                var item = array[i]!;
                var id = (string)item["id"]!;
                var idAt = $"{at}/{i}/id";
                if (!indexById.TryAdd(id, i))
                {
                    var first = indexById[id];
                    throw Error(idAt, $"duplicate option id \"{id}\": already used by options[{first}] ({Where($"{at}/{first}/id")})");
                }

                options.Add(new SurveyOption(id, Text(item["text"]!)));
            }

            return options;
        }

        private RatingScale? Scale(JsonNode? json, string at)
        {
            if (json is null)
            {
                return null;
            }

            var min = Int(json["min"]!, at + "/min");
            var max = Int(json["max"]!, at + "/max");
            if (min >= max)
            {
                throw Error(at + "/max", $"scale max {max} must be greater than scale min {min} ({Where(at + "/min")})");
            }

            return new RatingScale(
                min,
                max,
                json["minLabel"] is { } minLabel ? Text(minLabel) : null,
                json["maxLabel"] is { } maxLabel ? Text(maxLabel) : null);
        }

        private ShowIf ShowIf(JsonObject json, string at)
        {
            if (json.ContainsKey("anyOf") && (json.ContainsKey("min") || json.ContainsKey("max")))
            {
                var bound = json.ContainsKey("min") ? "min" : "max";
                throw Error($"{at}/{bound}", $"give either anyOf (choice and yes-no questions) or min and/or max (rating, nps and number questions), not both");
            }

            if (!json.ContainsKey("anyOf") && !json.ContainsKey("min") && !json.ContainsKey("max"))
            {
                throw Error(at, "missing: anyOf (choice and yes-no questions) or min and/or max (rating, nps and number questions)");
            }

            var anyOf = json["anyOf"]?.AsArray().Select(v => (string)v!).ToList();
            var min = json["min"] is { } minNode ? Decimal(minNode, at + "/min") : (decimal?)null;
            var max = json["max"] is { } maxNode ? Decimal(maxNode, at + "/max") : (decimal?)null;
            return new ShowIf((string)json["question"]!, anyOf, min, max);
        }

        /// <summary>The condition must name an earlier question and values that question can give.</summary>
        private void CheckShowIf(ShowIf showIf, string at, List<SurveyQuestion> earlier, Dictionary<string, int> indexById, int count, int index)
        {
            var questions = document.Root!["questions"]!.AsArray();
            if (!indexById.TryGetValue(showIf.Question, out var targetIndex))
            {
                for (var later = index; later < count; later++)
                {
                    if ((string)questions[later]!["id"]! == showIf.Question)
                    {
                        var what = later == index ? "this question itself" : $"questions[{later}] ({Where($"/questions/{later}/id")}), which is asked later";
                        throw Error(at + "/question", $"\"{showIf.Question}\" is {what}; showIf must refer to an EARLIER question");
                    }
                }

                throw Error(at + "/question", $"unknown question \"{showIf.Question}\": no question of this survey has this id");
            }

            var target = earlier[targetIndex];
            var targetName = $"\"{target.Id}\" (questions[{targetIndex}], {target.Type.ToYaml()})";
            if (showIf.AnyOf is { } anyOf)
            {
                IReadOnlyCollection<string> allowed = target.Type switch
                {
                    QuestionType.SingleChoice or QuestionType.MultiChoice => target.Options.Select(o => o.Id).ToList(),
                    QuestionType.YesNo => ["yes", "no"],
                    _ => throw Error(at + "/anyOf", $"anyOf needs a choice or yes-no question, but {targetName} is answered with {(target.Type == QuestionType.FreeText ? "free text" : "a number: use min and/or max")}"),
                };
                for (var i = 0; i < anyOf.Count; i++)
                {
                    if (!allowed.Contains(anyOf[i]))
                    {
                        throw Error(
                            $"{at}/anyOf/{i}",
                            $"\"{anyOf[i]}\" is not an answer of {targetName}; expected one of: {string.Join(", ", allowed)}");
                    }
                }

                return;
            }

            var (low, high) = target.Type switch
            {
                QuestionType.Rating or QuestionType.Nps => (target.Scale!.Min, target.Scale.Max),
                QuestionType.Number => (target.Min, target.Max),
                _ => throw Error(
                    showIf.Min is null ? at + "/max" : at + "/min",
                    $"min and max need a rating, nps or number question, but {targetName} is not answered with a number{(target.Type == QuestionType.FreeText ? "" : ": use anyOf")}"),
            };
            foreach (var (value, name) in new[] { (showIf.Min, "min"), (showIf.Max, "max") })
            {
                if (value is { } v && (v < low || v > high))
                {
                    throw Error($"{at}/{name}", $"{name} {v} is outside the answers of {targetName}, {Range(low, high)}");
                }
            }

            if (showIf.Min is { } min && showIf.Max is { } max && min > max)
            {
                throw Error(at + "/max", $"max {max} is less than min {min}, so the question would never be shown");
            }
        }

        private static string Range(decimal? low, decimal? high) => (low, high) switch
        {
            ({ } l, { } h) => $"{l}..{h}",
            ({ } l, null) => $"at least {l}",
            (null, { } h) => $"at most {h}",
            _ => "any number",
        };

        private QuestionType Type(string value, string at) => value switch
        {
            "single-choice" => QuestionType.SingleChoice,
            "multi-choice" => QuestionType.MultiChoice,
            "rating" => QuestionType.Rating,
            "nps" => QuestionType.Nps,
            "yes-no" => QuestionType.YesNo,
            "free-text" => QuestionType.FreeText,
            "number" => QuestionType.Number,
            // The schema's enum rules this out; a type added to the schema but not here must not pass silently.
            _ => throw Error(at, $"unknown question type \"{value}\""),
        };

        private DateOnly Date(JsonNode json, string at)
        {
            // The YAML converter keeps unquoted dates as strings; the schema checked the shape, not the calendar.
            var text = (string)json!;
            if (!DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw Error(at, $"\"{text}\" is not a calendar date ({DateFormat})");
            }

            return date;
        }

        private int Int(JsonNode json, string at)
        {
            var value = json.GetValue<long>();
            if (value is < int.MinValue or > int.MaxValue)
            {
                throw Error(at, $"{value} is too large");
            }

            return (int)value;
        }

        private decimal Decimal(JsonNode json, string at)
        {
            var value = json.AsValue();
            if (value.TryGetValue<long>(out var integer))
            {
                return integer;
            }

            if (value.TryGetValue<decimal>(out var number))
            {
                return number;
            }

            throw Error(at, "expected a number");
        }

        private static string Format(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

        private static LocalizedText Text(JsonNode json) => new(Trim((string)json["bg"]!), Trim((string)json["en"]!));

        // A literal block (|) keeps its last line break; the text itself ends before it.
        private static string Trim(string text) => text.TrimEnd('\r', '\n');
    }

    /// <summary>The type as written in the YAML files, for messages.</summary>
    private static string ToYaml(this QuestionType type) => type switch
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
}
