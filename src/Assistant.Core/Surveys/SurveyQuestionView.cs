using System.Globalization;
using System.Text.Json.Nodes;
using Assistant.Core.Activities;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs.Prompts;

namespace Assistant.Core.Surveys;

/// <summary>
/// What the participant sees of a survey: a question with its progress line and answer buttons, the consent notice,
/// the offer to resume, the confirmation before stopping. Each is replied to the turn in its language.
/// </summary>
public static class SurveyQuestionView
{
    /// <summary>Marks a multi-choice option that is selected; a pressed button sends its title without it.</summary>
    private const string SelectedMark = "✓ ";

    /// <summary>Whatever the survey waits for in its current phase, asked again (after help, a language switch…).</summary>
    public static void Pending(TurnContext turn, SurveyDefinition survey, SurveyState state)
    {
        switch (state.Phase)
        {
            case SurveyPhase.ResumeOffer:
                ResumeOffer(turn, survey);
                break;
            case SurveyPhase.Consent:
                Consent(turn, survey, withIntro: false);
                break;
            case SurveyPhase.ConfirmCancel:
                ConfirmCancel(turn);
                break;
            case SurveyPhase.OtherText:
                OtherPrompt(turn);
                break;
            default:
                if (survey.Find(state.QuestionId ?? "") is { } question)
                {
                    Question(turn, survey, question, state);
                }

                break;
        }
    }

    /// <summary>
    /// A multi-choice question again after an option was switched on or off; marked so that a client able to do so
    /// replaces the previous message instead of adding one.
    /// </summary>
    public static void SelectionChanged(TurnContext turn, SurveyDefinition survey, SurveyQuestion question, SurveyState state) =>
        Question(turn, survey, question, state).ChannelData =
            new JsonObject { ["assistant"] = new JsonObject { ["updatesPrevious"] = true } };

    /// <summary>The question with "question n of m" above it and its answers as buttons.</summary>
    public static Activity Question(TurnContext turn, SurveyDefinition survey, SurveyQuestion question, SurveyState state)
    {
        var lang = turn.Language;
        var path = new SurveyPath(survey, state.Answers);
        var (number, total) = path.Progress(question);
        var lines = new List<string>
        {
            turn.T(path.TotalIsCertain(question) ? "survey.progress" : "survey.progress-at-most", ("n", number), ("m", total)),
            "",
            "**" + question.Text.Get(lang) + "**",
        };
        var buttons = new List<CardAction>();
        switch (question.Type)
        {
            case QuestionType.SingleChoice:
                buttons.AddRange(question.Options.Select(o => Button(o.Text.Get(lang))));
                if (question.AllowOther)
                {
                    buttons.Add(Button(turn.T("survey.other")));
                }

                break;
            case QuestionType.MultiChoice:
                AddMultiChoice(turn, question, state, lines, buttons);
                break;
            case QuestionType.Rating:
                var scale = question.Scale!;
                if (scale.MinLabel is not null && scale.MaxLabel is not null)
                {
                    lines.Add(turn.T("survey.scale-labels", ("min", scale.Min), ("minLabel", scale.MinLabel.Get(lang)),
                        ("max", scale.Max), ("maxLabel", scale.MaxLabel.Get(lang))));
                }

                buttons.AddRange(NumberButtons(scale.Min, scale.Max));
                break;
            case QuestionType.Nps:
                lines.Add(question.Scale is { MinLabel: { } low, MaxLabel: { } high }
                    ? turn.T("survey.scale-labels", ("min", 0), ("minLabel", low.Get(lang)), ("max", 10), ("maxLabel", high.Get(lang)))
                    : turn.T("survey.nps-labels"));
                buttons.AddRange(NumberButtons(0, 10));
                break;
            case QuestionType.YesNo:
                buttons.AddRange(ConfirmPrompt.Buttons(lang, SurveyConfirmations.YesNoQuestion(turn.Texts)));
                break;
            case QuestionType.FreeText:
                lines.Add(turn.T("survey.free-text-hint", ("max", question.MaxLength ?? 1000)));
                break;
            case QuestionType.Number:
                break;
        }

        if (!question.Required)
        {
            buttons.Add(Button(turn.T("survey.skip")));
        }

        if (state.Attempts >= SurveyDialog.MaxAttempts)
        {
            lines.Insert(0, turn.T(question.Required ? "survey.too-many-attempts-required" : "survey.too-many-attempts") + "\n");
            buttons.Add(Button(turn.T("survey.cancel-button")));
        }

        return turn.Reply(string.Join("\n", lines), buttons.Count > 0 ? buttons : null);
    }

    /// <summary>The consent notice and its question; before it, when the survey starts, its title and introduction.</summary>
    public static void Consent(TurnContext turn, SurveyDefinition survey, bool withIntro)
    {
        if (withIntro)
        {
            turn.Reply("**" + survey.Title.Get(turn.Language) + "**\n\n" + survey.Intro.Get(turn.Language));
        }

        turn.Reply(survey.Consent.Text.Get(turn.Language) + "\n\n" + turn.T("survey.consent-question"),
            ConfirmPrompt.Buttons(turn.Language, SurveyConfirmations.Consent(turn.Texts)));
    }

    public static void ResumeOffer(TurnContext turn, SurveyDefinition survey) =>
        turn.Reply(turn.T("survey.resume-offer", ("title", survey.Title.Get(turn.Language))),
            ConfirmPrompt.Buttons(turn.Language, SurveyConfirmations.Resume(turn.Texts)));

    public static void ConfirmCancel(TurnContext turn) =>
        turn.Reply(turn.T("survey.confirm-cancel"), ConfirmPrompt.Buttons(turn.Language, SurveyConfirmations.Cancel(turn.Texts)));

    /// <summary>After "other": the question for the text that specifies it.</summary>
    public static void OtherPrompt(TurnContext turn) => turn.Reply(turn.T("survey.other-prompt"));

    /// <summary>Instructions and the selection so far; the selected options' buttons carry a mark.</summary>
    private static void AddMultiChoice(TurnContext turn, SurveyQuestion question, SurveyState state, List<string> lines, List<CardAction> buttons)
    {
        var lang = turn.Language;
        var other = turn.T("survey.other");
        lines.Add("");
        lines.Add(question.MaxSelections is { } max
            ? turn.T("survey.multi-instructions-max", ("max", max))
            : turn.T("survey.multi-instructions"));
        var selectedNames = state.Selected.Select(id => id == SurveyAnswerValue.OtherOptionId
            ? other : question.Options.FirstOrDefault(o => o.Id == id)?.Text.Get(lang)).OfType<string>().ToList();
        // The selection on a paragraph of its own, so it stands out from the instructions.
        lines.Add("");
        lines.Add(selectedNames.Count == 0
            ? turn.T("survey.nothing-selected")
            : turn.T("survey.selected", ("list", string.Join(", ", selectedNames))));
        buttons.AddRange(question.Options.Select(o => Toggle(o.Text.Get(lang), state.Selected.Contains(o.Id))));
        if (question.AllowOther)
        {
            buttons.Add(Toggle(other, state.Selected.Contains(SurveyAnswerValue.OtherOptionId)));
        }

        buttons.Add(Button(turn.T("survey.done-button")));
    }

    private static IEnumerable<CardAction> NumberButtons(int min, int max) =>
        Enumerable.Range(min, max - min + 1).Select(i => Button(i.ToString(CultureInfo.InvariantCulture)));

    private static CardAction Toggle(string title, bool selected) => CardAction.ImBack((selected ? SelectedMark : "") + title, title);

    private static CardAction Button(string title) => CardAction.ImBack(title, title);
}
