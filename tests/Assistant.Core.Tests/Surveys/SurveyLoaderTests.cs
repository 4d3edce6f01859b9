using System.Security.Cryptography;
using Assistant.Core.Language;
using Assistant.Core.Surveys;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Surveys;

public sealed class SurveyLoaderTests : IDisposable
{
    private const string Egov = "e-government-participation.yaml";
    private const string Workshop = "workshop-feedback.yaml";

    private readonly List<string> _folders = [];

    [Fact]
    public void The_repository_surveys_load_sorted_by_file_name()
    {
        var catalog = SurveyLoader.Load(TestPaths.DialogsFolder);

        Assert.Equal(["e-government-participation", "workshop-feedback"], catalog.All.Select(s => s.Id));
        Assert.Equal(Egov, catalog.Find("e-government-participation")!.SourceFile);
        Assert.Equal(Workshop, catalog.Find("workshop-feedback")!.SourceFile);
        Assert.Null(catalog.Find("no-such-survey"));
    }

    [Fact]
    public void The_repository_surveys_have_the_expected_number_of_questions()
    {
        var catalog = SurveyLoader.Load(TestPaths.DialogsFolder);

        Assert.InRange(catalog.Find("e-government-participation")!.Questions.Count, 8, 12);
        Assert.InRange(catalog.Find("workshop-feedback")!.Questions.Count, 4, 6);
    }

    [Fact]
    public void Every_text_of_the_repository_surveys_is_given_in_both_languages_without_a_trailing_newline()
    {
        var catalog = SurveyLoader.Load(TestPaths.DialogsFolder);

        foreach (var survey in catalog.All)
        {
            var texts = new List<(string Where, LocalizedText Text)>
            {
                ($"{survey.Id} title", survey.Title),
                ($"{survey.Id} description", survey.Description),
                ($"{survey.Id} intro", survey.Intro),
                ($"{survey.Id} thankYou", survey.ThankYou),
                ($"{survey.Id} consent", survey.Consent.Text),
            };
            foreach (var question in survey.Questions)
            {
                texts.Add(($"{survey.Id}/{question.Id} text", question.Text));
                if (question.Help is { } help)
                {
                    texts.Add(($"{survey.Id}/{question.Id} help", help));
                }

                texts.AddRange(question.Options.Select(o => ($"{survey.Id}/{question.Id}/{o.Id}", o.Text)));
            }

            foreach (var (where, text) in texts)
            {
                foreach (var lang in Lang.All)
                {
                    var value = text.Get(lang);
                    Assert.False(string.IsNullOrWhiteSpace(value), $"{where} has no {lang} text");
                    Assert.False(value.EndsWith('\n'), $"{where} {lang} keeps its trailing newline");
                }
            }
        }
    }

    [Fact]
    public void Every_show_if_of_the_repository_surveys_refers_to_an_earlier_question()
    {
        var catalog = SurveyLoader.Load(TestPaths.DialogsFolder);

        var conditions = 0;
        foreach (var survey in catalog.All)
        {
            var ids = survey.Questions.Select(q => q.Id).ToList();
            for (var i = 0; i < survey.Questions.Count; i++)
            {
                if (survey.Questions[i].ShowIf is { } showIf)
                {
                    conditions++;
                    var target = ids.IndexOf(showIf.Question);
                    Assert.True(target >= 0 && target < i, $"{survey.Id}/{ids[i]} shows if {showIf.Question}, which is not an earlier question");
                }
            }
        }

        Assert.True(conditions > 0);
    }

    [Fact]
    public void The_repository_surveys_are_mapped_field_by_field()
    {
        var catalog = SurveyLoader.Load(TestPaths.DialogsFolder);
        var egov = catalog.Find("e-government-participation")!;
        var workshop = catalog.Find("workshop-feedback")!;

        Assert.Equal(new DateOnly(2026, 1, 1), egov.Opens);
        Assert.Equal(new DateOnly(2027, 12, 31), egov.Closes);
        Assert.False(egov.Anonymous);
        Assert.True(egov.OncePerParticipant);
        Assert.True(workshop.Anonymous);
        Assert.False(workshop.OncePerParticipant);
        Assert.True(egov.Version >= 1);
        Assert.True(egov.Consent.Version >= 1);
        Assert.Contains("\n\n", egov.Intro.Bg, StringComparison.Ordinal);

        var use = egov.Find("e-services-use")!;
        Assert.Equal(QuestionType.SingleChoice, use.Type);
        Assert.True(use.Required);
        Assert.Contains(use.Options, o => o.Id == "never");
        Assert.Null(use.ShowIf);

        var satisfaction = egov.Find("satisfaction")!;
        Assert.Equal(QuestionType.Rating, satisfaction.Type);
        Assert.Equal(1, satisfaction.Scale!.Min);
        Assert.Equal(5, satisfaction.Scale.Max);
        Assert.NotNull(satisfaction.Scale.MinLabel);
        Assert.Equal(["often", "sometimes", "rarely"], satisfaction.ShowIf!.AnyOf!);

        var why = egov.Find("satisfaction-why")!;
        Assert.Equal(QuestionType.FreeText, why.Type);
        Assert.Equal(500, why.MaxLength);
        Assert.Equal(new ShowIf("satisfaction", null, 1m, 2m), why.ShowIf);

        var recommend = egov.Find("recommend")!;
        Assert.Equal(QuestionType.Nps, recommend.Type);
        Assert.Equal(SurveyLoader.NpsScale, recommend.Scale);

        var priorities = egov.Find("priorities")!;
        Assert.Equal(QuestionType.MultiChoice, priorities.Type);
        Assert.Equal(1, priorities.MinSelections);
        Assert.Equal(3, priorities.MaxSelections);
        Assert.False(priorities.AllowOther);
        Assert.True(egov.Find("obstacles")!.AllowOther);
        Assert.Null(egov.Find("participation-channels")!.MaxSelections);

        Assert.Equal(QuestionType.YesNo, workshop.Find("join-again")!.Type);
        Assert.Equal(["yes"], workshop.Find("preferred-format")!.ShowIf!.AnyOf!);
        Assert.False(workshop.Find("organisation-type")!.Required);
    }

    [Fact]
    public void The_hash_is_the_start_of_the_sha256_of_the_file_and_follows_its_bytes()
    {
        var folder = CopyDialogs();
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Survey(folder, Workshop))))[..12];

        var first = SurveyLoader.Load(folder);
        File.AppendAllText(Survey(folder, Workshop), "# a comment changes the bytes\n");
        var changed = SurveyLoader.Load(folder);

        Assert.Equal(expected, first.Find("workshop-feedback")!.Hash);
        Assert.Matches("^[0-9a-f]{12}$", first.Find("workshop-feedback")!.Hash);
        Assert.Equal(first.Find("workshop-feedback")!.Hash, SurveyLoader.Load(TestPaths.DialogsFolder).Find("workshop-feedback")!.Hash);
        Assert.NotEqual(first.Find("workshop-feedback")!.Hash, changed.Find("workshop-feedback")!.Hash);
        Assert.Equal(first.Find("e-government-participation")!.Hash, changed.Find("e-government-participation")!.Hash);
    }

    [Fact]
    public void A_literal_block_with_its_final_newline_is_trimmed()
    {
        var folder = CopyDialogs();
        Replace(folder, Workshop, "  bg: |-", "  bg: |");

        var intro = SurveyLoader.Load(folder).Find("workshop-feedback")!.Intro.Bg;

        Assert.False(intro.EndsWith('\n'));
        Assert.EndsWith("по-полезни.", intro, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_surveys_folder_is_a_content_error_not_an_empty_catalog()
    {
        var folder = CopyDialogs();
        Directory.Delete(Path.Combine(folder, "surveys"), recursive: true);

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal("surveys", error.File);
        Assert.Equal("(folder)", error.Field);
    }

    [Fact]
    public void An_empty_surveys_folder_is_a_content_error()
    {
        var folder = CopyDialogs();
        foreach (var file in Directory.GetFiles(Path.Combine(folder, "surveys")))
        {
            File.Delete(file);
        }

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal("surveys", error.File);
    }

    [Fact]
    public void A_missing_schema_is_a_content_error()
    {
        var folder = CopyDialogs();
        File.Delete(Path.Combine(folder, "schemas", "survey.schema.json"));

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal("survey.schema.json", error.File);
    }

    [Fact]
    public void A_bad_question_type_names_the_type_field_and_line()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Workshop, "overall-rating");
        var line = Replace(folder, Workshop, "    type: rating", "    type: stars");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(Workshop, error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].type", error.Field);
        Assert.Contains("single-choice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_show_if_on_a_later_question_names_the_show_if_question()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Workshop, "preferred-format");
        var line = Replace(folder, Workshop, "      question: join-again", "      question: organisation-type");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(Workshop, error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].showIf.question", error.Field);
        Assert.Contains("EARLIER", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_show_if_on_the_question_itself_is_named()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Workshop, "preferred-format");
        var line = Replace(folder, Workshop, "      question: join-again", "      question: preferred-format");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].showIf.question", error.Field);
        Assert.Contains("itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_show_if_on_an_unknown_question_is_named()
    {
        var folder = CopyDialogs();
        var line = Replace(folder, Workshop, "      question: join-again", "      question: no-such-question");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.EndsWith(".showIf.question", error.Field, StringComparison.Ordinal);
        Assert.Contains("no-such-question", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_show_if_with_an_unknown_option_names_the_any_of_item()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Egov, "non-use-reasons");
        var line = Replace(folder, Egov, "      anyOf: [never]", "      anyOf: [nobody]");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(Egov, error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].showIf.anyOf[0]", error.Field);
        Assert.Contains("nobody", error.Message, StringComparison.Ordinal);
        Assert.Contains("never", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_show_if_on_a_yes_no_question_accepts_only_yes_and_no()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Workshop, "preferred-format");
        var line = Replace(folder, Workshop, "      anyOf: [\"yes\"]", "      anyOf: [\"yes\", maybe]");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].showIf.anyOf[1]", error.Field);
        Assert.Contains("maybe", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_show_if_range_outside_the_rating_scale_names_the_bound()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Egov, "satisfaction-why");
        var line = Replace(folder, Egov, "      min: 1", "      min: 0", after: LineOf(folder, Egov, "  - id: satisfaction-why"));

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].showIf.min", error.Field);
        Assert.Contains("1..5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_show_if_range_on_a_choice_question_is_named()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Egov, "non-use-reasons");
        var line = Replace(folder, Egov, "      anyOf: [never]", "      min: 2");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].showIf.min", error.Field);
        Assert.Contains("anyOf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_show_if_any_of_on_a_rating_question_is_named()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Egov, "satisfaction-why");
        var start = LineOf(folder, Egov, "  - id: satisfaction-why");
        var line = Replace(folder, Egov, "      min: 1", "      anyOf: [low]", after: start);
        Replace(folder, Egov, "      max: 2", "", after: start);

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].showIf.anyOf", error.Field);
    }

    [Fact]
    public void A_duplicate_option_id_names_the_second_option()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Workshop, "organisation-type");
        var line = Replace(folder, Workshop, "      - id: academia", "      - id: business");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(Workshop, error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].options[3].id", error.Field);
        Assert.Contains(LineOf(folder, Workshop, "      - id: business").ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_question_id_names_the_second_question()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Workshop, "usefulness");
        var line = Replace(folder, Workshop, "  - id: usefulness", "  - id: overall-rating");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].id", error.Field);
    }

    [Fact]
    public void An_id_other_than_the_file_name_names_the_id()
    {
        var folder = CopyDialogs();
        var line = Replace(folder, Workshop, "id: workshop-feedback", "id: workshop-review");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(Workshop, error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal("id", error.Field);
        Assert.Contains("workshop-review", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copied_survey_file_is_named_as_a_copy()
    {
        var folder = CopyDialogs();
        File.Copy(Survey(folder, Workshop), Survey(folder, "workshop-feedback-2.yaml"));

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal("workshop-feedback-2.yaml", error.File);
        Assert.Equal(LineOf(folder, Workshop, "id: "), error.Line);
        Assert.Equal("id", error.Field);
        Assert.Contains(Workshop, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Closes_before_opens_names_closes()
    {
        var folder = CopyDialogs();
        var line = Replace(folder, Workshop, "closes: 2027-12-31", "closes: 2025-12-31");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(Workshop, error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal("closes", error.Field);
        Assert.Contains("2026-01-01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_consent_notice_gives_the_retention_date_from_the_survey_itself_in_each_language()
    {
        var folder = CopyDialogs();
        Replace(folder, Workshop, "retainUntil: 2028-12-31", "retainUntil: 2029-03-05");

        var consent = SurveyLoader.Load(folder).Find("workshop-feedback")!.Consent.Text;

        Assert.Contains("до 5.03.2029 г.", consent.Bg, StringComparison.Ordinal);
        Assert.Contains("until 5 March 2029", consent.En, StringComparison.Ordinal);
        Assert.DoesNotContain("{retainUntil}", consent.Bg + consent.En, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consent_notice_that_does_not_say_how_long_answers_are_kept_is_refused()
    {
        var folder = CopyDialogs();
        Replace(folder, Workshop, "      How long: until {retainUntil} (one year after the survey closes); then they are deleted.", "      How long: until the end of 2028.");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(Workshop, error.File);
        Assert.Contains("{retainUntil}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeping_answers_for_less_time_than_the_survey_runs_is_refused()
    {
        var folder = CopyDialogs();
        var line = Replace(folder, Workshop, "retainUntil: 2028-12-31", "retainUntil: 2027-06-30");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal("retainUntil", error.Field);
    }

    [Fact]
    public void Closing_on_the_opening_day_is_allowed()
    {
        var folder = CopyDialogs();
        Replace(folder, Workshop, "closes: 2027-12-31", "closes: 2026-01-01");

        var survey = SurveyLoader.Load(folder).Find("workshop-feedback")!;

        Assert.Equal(survey.Opens, survey.Closes);
    }

    [Fact]
    public void A_date_not_in_the_calendar_names_the_date_field()
    {
        var folder = CopyDialogs();
        var line = Replace(folder, Workshop, "opens: 2026-01-01", "opens: 2026-02-30");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal("opens", error.Field);
    }

    [Fact]
    public void A_scale_min_not_below_max_names_the_scale()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Workshop, "overall-rating");
        Replace(folder, Workshop, "      min: 1", "      min: 5");
        var maxLine = LineOf(folder, Workshop, "      max: 5");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(Workshop, error.File);
        Assert.Equal(maxLine, error.Line);
        Assert.Equal($"questions[{index}].scale.max", error.Field);
    }

    [Fact]
    public void A_missing_consent_names_consent()
    {
        var folder = CopyDialogs();
        RemoveBlock(folder, Workshop, LineOf(folder, Workshop, "consent:"));

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(Workshop, error.File);
        Assert.Equal(LineOf(folder, Workshop, "id: "), error.Line);
        Assert.Equal("consent", error.Field);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_selections_above_the_options_names_max_selections()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Egov, "priorities");
        var line = Replace(folder, Egov, "    maxSelections: 3", "    maxSelections: 11");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].maxSelections", error.Field);
        Assert.Contains("10 options", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_selections_may_count_the_other_choice()
    {
        var folder = CopyDialogs();
        var start = LineOf(folder, Egov, "  - id: non-use-reasons");
        Replace(folder, Egov, "    minSelections: 1", "    minSelections: 1\n    maxSelections: 9", after: start);

        var survey = SurveyLoader.Load(folder).Find("e-government-participation")!;

        Assert.Equal(9, survey.Find("non-use-reasons")!.MaxSelections);
    }

    [Fact]
    public void Min_selections_above_max_selections_is_named()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Egov, "priorities");
        var start = LineOf(folder, Egov, "  - id: priorities");
        Replace(folder, Egov, "    minSelections: 1", "    minSelections: 4", after: start);
        var line = LineOf(folder, Egov, "    maxSelections: 3");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].maxSelections", error.Field);
    }

    [Fact]
    public void Options_on_a_rating_question_are_named()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Workshop, "overall-rating");
        var line = Replace(
            folder,
            Workshop,
            "    required: true",
            "    required: true\n    options:\n      - {id: a, text: {bg: \"А\", en: \"A\"}}\n      - {id: b, text: {bg: \"Б\", en: \"B\"}}") + 1;

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].options", error.Field);
        Assert.Contains("rating", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scale_on_an_nps_question_is_named()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Egov, "recommend");
        var start = LineOf(folder, Egov, "  - id: recommend");
        var line = Replace(folder, Egov, "    required: true", "    required: true\n    scale: {min: 0, max: 10, minLabel: {bg: \"Не\", en: \"No\"}, maxLabel: {bg: \"Да\", en: \"Yes\"}}", after: start) + 1;

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].scale", error.Field);
        Assert.Contains("nps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_choice_question_without_options_is_named()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Workshop, "preferred-format");
        var questionLine = LineOf(folder, Workshop, "  - id: preferred-format");
        RemoveBlock(folder, Workshop, LineOf(folder, Workshop, "    options:", after: questionLine));

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(questionLine, error.Line);
        Assert.Equal($"questions[{index}].options", error.Field);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rating_question_without_a_scale_is_named()
    {
        var folder = CopyDialogs();
        var questionLine = LineOf(folder, Workshop, "  - id: usefulness");
        RemoveBlock(folder, Workshop, LineOf(folder, Workshop, "    scale:", after: questionLine));

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(questionLine, error.Line);
        Assert.Equal("questions[1].scale", error.Field);
    }

    [Fact]
    public void An_option_named_other_beside_allow_other_is_named()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Workshop, "organisation-type");
        var line = LineOf(folder, Workshop, "      - id: other");
        File.AppendAllText(Survey(folder, Workshop), "    allowOther: true\n");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].options[5].id", error.Field);
        Assert.Contains("allowOther", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_show_if_with_both_any_of_and_a_range_is_named()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Workshop, "preferred-format");
        var line = Replace(folder, Workshop, "      anyOf: [\"yes\"]", "      anyOf: [\"yes\"]\n      min: 1") + 1;

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].showIf.min", error.Field);
    }

    [Fact]
    public void A_show_if_without_a_condition_is_named()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Workshop, "preferred-format");
        var line = LineOf(folder, Workshop, "    showIf:");
        Replace(folder, Workshop, "      anyOf: [\"yes\"]", "");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].showIf", error.Field);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schema_error_in_a_later_question_is_named_there_not_at_the_first_question()
    {
        var folder = CopyDialogs();
        var index = QuestionIndex(folder, Egov, "idea");
        var line = Replace(folder, Egov, "    maxLength: 1000", "    maxLength: 5000");

        var error = Assert.Throws<ContentException>(() => SurveyLoader.Load(folder));

        Assert.Equal(Egov, error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal($"questions[{index}].maxLength", error.Field);
        Assert.DoesNotContain("more schema error", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string CopyDialogs()
    {
        var folder = Directory.CreateTempSubdirectory("surveys-").FullName;
        _folders.Add(folder);
        foreach (var sub in new[] { "surveys", "schemas" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
            foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.DialogsFolder, sub)))
            {
                File.Copy(file, Path.Combine(folder, sub, Path.GetFileName(file)));
            }
        }

        return folder;
    }

    private static string Survey(string folder, string file) => Path.Combine(folder, "surveys", file);

    /// <summary>The 1-based line of the first line starting with <paramref name="start"/> after line <paramref name="after"/>.</summary>
    private static int LineOf(string folder, string file, string start, int after = 0)
    {
        var lines = File.ReadAllLines(Survey(folder, file));
        for (var i = after; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(start, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"no line starting with \"{start}\" in {file} after line {after}");
    }

    /// <summary>Replaces the first whole line equal to <paramref name="line"/> after line <paramref name="after"/>; returns its 1-based number.</summary>
    private static int Replace(string folder, string file, string line, string replacement, int after = 0)
    {
        var lines = File.ReadAllLines(Survey(folder, file)).ToList();
        var index = lines.IndexOf(line, after);
        Assert.True(index >= 0, $"{file} has no line \"{line}\" after line {after}");
        lines[index] = replacement;
        File.WriteAllLines(Survey(folder, file), lines);
        return index + 1;
    }

    /// <summary>Removes line <paramref name="line"/> (1-based) and the more indented or blank lines below it.</summary>
    private static void RemoveBlock(string folder, string file, int line)
    {
        var lines = File.ReadAllLines(Survey(folder, file)).ToList();
        var indent = lines[line - 1].Length - lines[line - 1].TrimStart().Length;
        lines.RemoveAt(line - 1);
        while (line - 1 < lines.Count
               && (lines[line - 1].Trim().Length == 0 || lines[line - 1].Length - lines[line - 1].TrimStart().Length > indent))
        {
            lines.RemoveAt(line - 1);
        }

        File.WriteAllLines(Survey(folder, file), lines);
    }

    private static int QuestionIndex(string folder, string file, string id)
    {
        var index = File.ReadAllLines(Survey(folder, file))
            .Where(l => l.StartsWith("  - id: ", StringComparison.Ordinal))
            .ToList()
            .IndexOf("  - id: " + id);
        Assert.True(index >= 0, $"{file} has no question {id}");
        return index;
    }
}
