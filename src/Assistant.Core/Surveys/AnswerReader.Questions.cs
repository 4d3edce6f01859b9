using Assistant.Core.Conversation;
using Assistant.Core.Dialogs.Prompts;

namespace Assistant.Core.Surveys;

/// <summary>What a message means while a question of each type waits for its answer.</summary>
public static partial class AnswerReader
{
    private static readonly string[] PauseWords = ["пауза", "по късно", "по-късно", "pause", "later", "продължи по късно"];
    private static readonly string[] SkipWords = ["пропусни", "пропускам", "прескочи", "skip", "pass"];
    private static readonly string[] DoneWords = ["готово", "готов", "готова", "това е", "край", "done", "that s all", "finish"];

    /// <summary>
    /// Reads the turn's message as the answer to <paramref name="question"/>: the survey's own words first (pause, the
    /// stop button, skip), then an answer of the question's type. A multi-choice selection is built in
    /// <paramref name="state"/> until "done", so toggling an option or "other" changes it.
    /// </summary>
    public static AnswerReading Read(TurnContext turn, SurveyQuestion question, SurveyState state)
    {
        var folded = Fold(turn.Text);
        if (PauseWords.Any(w => Fold(w) == folded))
        {
            return AnswerReading.Of(AnswerOutcome.Pause);
        }

        if (folded == Fold(turn.T("survey.cancel-button")))
        {
            return AnswerReading.Of(AnswerOutcome.Cancel);
        }

        if (SkipWords.Any(w => Fold(w) == folded) || folded == Fold(turn.T("survey.skip")))
        {
            return AnswerReading.Of(AnswerOutcome.Skip);
        }

        var isOther = question.AllowOther && IsOther(turn, folded);
        return question.Type switch
        {
            QuestionType.SingleChoice => isOther ? AnswerReading.Of(AnswerOutcome.Other) : ReadSingleChoice(turn, question),
            QuestionType.MultiChoice => ReadMultiChoice(turn, question, state, folded, isOther),
            QuestionType.Rating or QuestionType.Nps => ReadScale(turn, question),
            QuestionType.YesNo => ReadYesNo(turn),
            QuestionType.Number => ReadNumber(turn, question),
            _ => ReadText(turn, question),
        };
    }

    /// <summary>The text that specifies "other", up to the question's length limit (500 characters when it sets none).</summary>
    public static AnswerReading ReadOtherText(TurnContext turn, SurveyQuestion question)
    {
        var text = turn.Text;
        var max = question.MaxLength ?? 500;
        if (text.Length == 0)
        {
            return AnswerReading.Invalid(turn.T("survey.hint.text-empty"));
        }

        return text.Length > max
            ? AnswerReading.Invalid(turn.T("survey.hint.text-long", ("max", max)))
            : AnswerReading.Answered(new SurveyAnswerValue { Option = SurveyAnswerValue.OtherOptionId, Other = text });
    }

    private static bool IsOther(TurnContext turn, string folded)
    {
        var other = turn.Texts.Both("survey.other");
        return folded == Fold(other.Bg) || folded == Fold(other.En) || folded == SurveyAnswerValue.OtherOptionId;
    }

    private static AnswerReading ReadSingleChoice(TurnContext turn, SurveyQuestion question) =>
        MatchOption(turn.Text, question.Options) is { } option
            ? AnswerReading.Answered(new SurveyAnswerValue { Option = option })
            : AnswerReading.Invalid(turn.T("survey.hint.choice"));

    private static AnswerReading ReadMultiChoice(TurnContext turn, SurveyQuestion question, SurveyState state, string folded, bool isOther)
    {
        if (DoneWords.Any(w => Fold(w) == folded) || folded == Fold(turn.T("survey.done-button")))
        {
            return FinishMultiChoice(turn, question, state, state.Selected);
        }

        if (NumberList(turn.Text) is { } numbers)
        {
            return numbers.Any(n => n < 1 || n > question.Options.Count)
                ? AnswerReading.Invalid(turn.T("survey.hint.multi"))
                : FinishMultiChoice(turn, question, state, numbers.Select(n => question.Options[n - 1].Id).ToList());
        }

        if (isOther)
        {
            if (state.Selected.Remove(SurveyAnswerValue.OtherOptionId))
            {
                state.Answers.Remove(SurveyState.OtherDraftKey(question.Id));
                return AnswerReading.Of(AnswerOutcome.Toggled);
            }

            return AnswerReading.Of(AnswerOutcome.Other);
        }

        // A pressed button may come back with its "✓ " mark.
        var option = MatchOption(turn.Text.TrimStart('✓', ' '), question.Options);
        if (option is null)
        {
            return AnswerReading.Invalid(turn.T("survey.hint.multi"));
        }

        if (!state.Selected.Remove(option))
        {
            if (question.MaxSelections is { } max && state.Selected.Count >= max)
            {
                return AnswerReading.Invalid(turn.T("survey.hint.multi-max", ("max", max)));
            }

            state.Selected.Add(option);
        }

        return AnswerReading.Of(AnswerOutcome.Toggled);
    }

    /// <summary>The multi-choice answer once the selection is complete, in the order of the options, "other" last.</summary>
    private static AnswerReading FinishMultiChoice(TurnContext turn, SurveyQuestion question, SurveyState state, List<string> selected)
    {
        var min = question.MinSelections ?? (question.Required ? 1 : 0);
        if (selected.Count < Math.Max(min, 1) && !(selected.Count == 0 && !question.Required))
        {
            return AnswerReading.Invalid(turn.T("survey.hint.multi-min", ("min", Math.Max(min, 1))));
        }

        if (question.MaxSelections is { } max && selected.Count > max)
        {
            return AnswerReading.Invalid(turn.T("survey.hint.multi-max", ("max", max)));
        }

        if (selected.Count == 0)
        {
            return AnswerReading.Answered(SurveyAnswerValue.Skip);
        }

        state.Answers.TryGetValue(SurveyState.OtherDraftKey(question.Id), out var other);
        var ordered = question.Options.Select(o => o.Id).Where(selected.Contains).ToList();
        if (selected.Contains(SurveyAnswerValue.OtherOptionId))
        {
            ordered.Add(SurveyAnswerValue.OtherOptionId);
        }

        return AnswerReading.Answered(new SurveyAnswerValue { Options = ordered, Other = other });
    }

    private static AnswerReading ReadScale(TurnContext turn, SurveyQuestion question)
    {
        var (min, max) = question.Type == QuestionType.Nps ? (0, 10) : (question.Scale!.Min, question.Scale.Max);
        return WholeNumber(turn.Text) is { } value && value >= min && value <= max
            ? AnswerReading.Answered(new SurveyAnswerValue { Value = value })
            : AnswerReading.Invalid(turn.T("survey.hint.rating", ("min", min), ("max", max)));
    }

    private static AnswerReading ReadYesNo(TurnContext turn) =>
        ConfirmPrompt.Recognize(turn.Text, SurveyConfirmations.YesNoQuestion(turn.Texts)) is { } yes
            ? AnswerReading.Answered(new SurveyAnswerValue { Option = yes ? "yes" : "no" })
            : AnswerReading.Invalid(turn.T("survey.hint.yes-no"));

    private static AnswerReading ReadNumber(TurnContext turn, SurveyQuestion question)
    {
        var value = Number(turn.Text);
        var inRange = value is { } v && (question.Min is null || v >= question.Min) && (question.Max is null || v <= question.Max);
        if (inRange)
        {
            return AnswerReading.Answered(new SurveyAnswerValue { Value = value });
        }

        return AnswerReading.Invalid(question.Min is not null || question.Max is not null
            ? turn.T("survey.hint.number", ("min", question.Min ?? decimal.MinValue), ("max", question.Max ?? decimal.MaxValue))
            : turn.T("survey.hint.number-any"));
    }

    private static AnswerReading ReadText(TurnContext turn, SurveyQuestion question)
    {
        var text = turn.Text;
        var max = question.MaxLength ?? 1000;
        if (text.Length == 0)
        {
            return AnswerReading.Invalid(turn.T("survey.hint.text-empty"));
        }

        return text.Length > max
            ? AnswerReading.Invalid(turn.T("survey.hint.text-long", ("max", max)))
            : AnswerReading.Answered(new SurveyAnswerValue { Text = text });
    }
}
