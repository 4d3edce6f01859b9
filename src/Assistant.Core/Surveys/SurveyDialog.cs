using System.Text.Json.Nodes;
using Assistant.Core.Activities;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Knowledge;

namespace Assistant.Core.Surveys;

/// <summary>
/// Runs one survey in the conversation: consent, one question at a time (each answer committed before the next question
/// is sent), branching, "other, please specify", skips, help, pause, cancel with confirmation, knowledge questions in
/// between, and resuming where the participant left off — after a pause, in a new conversation, or after a restart.
/// </summary>
public sealed class SurveyDialog(
    ISurveySource surveys,
    ISurveyResponseStore responses,
    ParticipantKeys participants,
    IKnowledgeSource knowledge) : Dialog(DialogId)
{
    public const string DialogId = "survey";
    public const int MaxAttempts = 3;

    private static readonly string[] PauseWords = ["пауза", "по късно", "по-късно", "pause", "later", "продължи по късно"];
    private static readonly string[] SkipWords = ["пропусни", "пропускам", "прескочи", "skip", "pass"];
    private static readonly string[] DoneWords = ["готово", "готов", "готова", "това е", "край", "done", "that s all", "finish"];

    public override async Task<DialogResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var surveyId = (options as SurveyStartOptions)?.SurveyId ?? "";
        var survey = surveys.Current.Find(surveyId);
        if (survey is null || !survey.IsOpen(turn.Clock.GetUtcNow()))
        {
            turn.Reply(survey is null ? turn.T("survey.not-found") : turn.T("survey.closed", ("title", survey.Title.Get(turn.Language))));
            SurveyMenu.Show(turn, surveys.Current);
            return DialogResult.Done;
        }

        var state = new SurveyState { SurveyId = survey.Id, Hash = survey.Hash };
        dc.SetState(state);
        var key = ParticipantKey(turn);
        if (!survey.Anonymous && key is not null)
        {
            var earlier = await responses.FindByParticipantAsync(survey.Id, key, cancellationToken);
            if (survey.OncePerParticipant && earlier.Any(r => r.Status == ResponseStatus.Completed))
            {
                turn.Reply(turn.T("survey.already-done", ("title", survey.Title.Get(turn.Language))));
                MainMenu.Show(turn);
                return DialogResult.Done;
            }

            if (earlier.FirstOrDefault(r => r.Status == ResponseStatus.InProgress) is { } unfinished)
            {
                state.ResumableResponseId = unfinished.Id;
            }
        }

        if (state.ResumableResponseId is null && turn.Conversation.PausedSurveys.TryGetValue(survey.Id, out var paused)
            && await responses.GetAsync(paused, cancellationToken) is { Status: ResponseStatus.InProgress })
        {
            state.ResumableResponseId = paused;
        }

        if (state.ResumableResponseId is not null)
        {
            state.Phase = SurveyPhase.ResumeOffer;
            dc.SetState(state);
            AskResume(turn, survey);
            return DialogResult.Waiting;
        }

        state.Phase = SurveyPhase.Consent;
        dc.SetState(state);
        AskConsent(turn, survey, withIntro: true);
        return DialogResult.Waiting;
    }

    public override async Task<DialogResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var state = dc.GetState<SurveyState>();
        var survey = surveys.Current.Find(state.SurveyId);
        if (survey is null)
        {
            turn.Reply(turn.T("survey.not-found"));
            return await EndAsync(dc, state, ResponseStatus.Abandoned, cancellationToken);
        }

        if (survey.Hash != state.Hash)
        {
            // The definition changed while this participant was in it: keep their answers, continue on the new one.
            state.Hash = survey.Hash;
            state.Attempts = 0;
            state.Selected.Clear();
            if (state.Phase is SurveyPhase.Question or SurveyPhase.OtherText or SurveyPhase.ConfirmCancel)
            {
                state.Phase = SurveyPhase.Question;
                state.QuestionId = survey.Find(state.QuestionId ?? "") is { } same && Visible(same, state)
                    ? same.Id
                    : Next(survey, state)?.Id;
            }

            dc.SetState(state);
            turn.Reply(turn.T("survey.updated"));
            return await AskCurrentOrFinishAsync(dc, survey, state, cancellationToken);
        }

        return state.Phase switch
        {
            SurveyPhase.ResumeOffer => await OnResumeAnswerAsync(dc, survey, state, cancellationToken),
            SurveyPhase.Consent => await OnConsentAsync(dc, survey, state, cancellationToken),
            SurveyPhase.ConfirmCancel => await OnConfirmCancelAsync(dc, survey, state, cancellationToken),
            SurveyPhase.OtherText => await OnOtherTextAsync(dc, survey, state, cancellationToken),
            _ => await OnAnswerAsync(dc, survey, state, cancellationToken),
        };
    }

    public override Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var state = dc.GetState<SurveyState>();
        if (surveys.Current.Find(state.SurveyId) is not { } survey)
        {
            return Task.CompletedTask;
        }

        switch (state.Phase)
        {
            case SurveyPhase.ResumeOffer:
                AskResume(dc.Turn, survey);
                break;
            case SurveyPhase.Consent:
                AskConsent(dc.Turn, survey, withIntro: false);
                break;
            case SurveyPhase.ConfirmCancel:
                AskConfirmCancel(dc.Turn);
                break;
            case SurveyPhase.OtherText:
                dc.Turn.Reply(dc.Turn.T("survey.other-prompt"));
                break;
            default:
                if (survey.Find(state.QuestionId ?? "") is { } question)
                {
                    Ask(dc.Turn, survey, question, state);
                }

                break;
        }

        return Task.CompletedTask;
    }

    public override async Task<bool> HelpAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var state = dc.GetState<SurveyState>();
        if (surveys.Current.Find(state.SurveyId) is not { } survey)
        {
            return false;
        }

        var turn = dc.Turn;
        var help = turn.T("survey.help", ("title", survey.Title.Get(turn.Language)));
        if (state.Phase == SurveyPhase.Question && survey.Find(state.QuestionId ?? "") is { Help: { } questionHelp })
        {
            help = questionHelp.Get(turn.Language) + "\n\n" + help;
        }

        turn.Reply(help);
        await RepromptAsync(dc, cancellationToken);
        return true;
    }

    public override Task<bool> CancelRequestedAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var state = dc.GetState<SurveyState>();
        if (state.ResponseId is null || state.Phase is SurveyPhase.Consent or SurveyPhase.ResumeOffer)
        {
            // Nothing stored yet: no need to confirm.
            return Task.FromResult(false);
        }

        if (state.Phase == SurveyPhase.ConfirmCancel)
        {
            return Task.FromResult(false);
        }

        state.Phase = SurveyPhase.ConfirmCancel;
        dc.SetState(state);
        AskConfirmCancel(dc.Turn);
        return Task.FromResult(true);
    }

    private async Task<DialogResult> OnResumeAnswerAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var folded = AnswerReader.Fold(turn.Text);
        var resume = folded == AnswerReader.Fold(turn.Texts.Both("survey.resume-yes").Get(turn.Language))
            || folded == AnswerReader.Fold(turn.Texts.Both("survey.resume-yes").Get(turn.Language == "bg" ? "en" : "bg"))
            || AnswerReader.YesNo(turn.Text) == true;
        var restart = folded == AnswerReader.Fold(turn.Texts.Both("survey.resume-restart").Bg)
            || folded == AnswerReader.Fold(turn.Texts.Both("survey.resume-restart").En)
            || AnswerReader.YesNo(turn.Text) == false;
        if (!resume && !restart)
        {
            turn.Reply(turn.T("survey.hint.yes-no"));
            AskResume(turn, survey);
            return DialogResult.Waiting;
        }

        var earlier = state.ResumableResponseId!.Value;
        state.ResumableResponseId = null;
        turn.Conversation.PausedSurveys.Remove(survey.Id);
        if (restart)
        {
            await responses.FinishAsync(earlier, ResponseStatus.Abandoned, turn.Clock.GetUtcNow(), cancellationToken);
            state.Phase = SurveyPhase.Consent;
            dc.SetState(state);
            AskConsent(turn, survey, withIntro: true);
            return DialogResult.Waiting;
        }

        state.ResponseId = earlier;
        state.Answers = (await responses.GetAnswersAsync(earlier, cancellationToken))
            .ToDictionary(a => a.QuestionId, a => a.ValueJson, StringComparer.Ordinal);
        state.Phase = SurveyPhase.Question;
        state.QuestionId = Next(survey, state)?.Id;
        dc.SetState(state);
        return await AskCurrentOrFinishAsync(dc, survey, state, cancellationToken);
    }

    private async Task<DialogResult> OnConsentAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var folded = AnswerReader.Fold(turn.Text);
        bool? accepted = folded == AnswerReader.Fold(turn.T("survey.consent-accept")) ? true
            : folded == AnswerReader.Fold(turn.T("survey.consent-decline")) ? false
            : AnswerReader.YesNo(turn.Text);
        if (accepted is null)
        {
            turn.Reply(turn.T("survey.hint.consent"));
            AskConsent(turn, survey, withIntro: false);
            return DialogResult.Waiting;
        }

        if (accepted == false)
        {
            turn.Reply(turn.T("survey.consent-declined"));
            MainMenu.Show(turn);
            return DialogResult.Done;
        }

        var now = turn.Clock.GetUtcNow();
        var key = ParticipantKey(turn);
        if (key is not null)
        {
            await responses.RecordConsentAsync(new ConsentRecord(key, survey.Id, survey.Consent.Version, turn.Key.Channel, now), cancellationToken);
        }

        var response = new SurveyResponse(Guid.NewGuid(), survey.Id, survey.Version, survey.Anonymous ? null : key,
            turn.Key.Channel, now, null, ResponseStatus.InProgress);
        await responses.StartAsync(response, cancellationToken);
        state.ResponseId = response.Id;
        state.Phase = SurveyPhase.Question;
        state.QuestionId = Next(survey, state)?.Id;
        dc.SetState(state);
        return await AskCurrentOrFinishAsync(dc, survey, state, cancellationToken);
    }

    private async Task<DialogResult> OnConfirmCancelAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var folded = AnswerReader.Fold(turn.Text);
        var confirmed = folded == AnswerReader.Fold(turn.T("survey.cancel-button")) || AnswerReader.YesNo(turn.Text) == true;
        var declined = folded == AnswerReader.Fold(turn.T("survey.continue-button")) || AnswerReader.YesNo(turn.Text) == false;
        if (confirmed)
        {
            turn.Reply(turn.T("survey.cancelled"));
            MainMenu.Show(turn);
            return await EndAsync(dc, state, ResponseStatus.Abandoned, cancellationToken);
        }

        if (!declined)
        {
            AskConfirmCancel(turn);
            return DialogResult.Waiting;
        }

        state.Phase = SurveyPhase.Question;
        dc.SetState(state);
        return await AskCurrentOrFinishAsync(dc, survey, state, cancellationToken);
    }

    private async Task<DialogResult> OnOtherTextAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var question = survey.Find(state.QuestionId ?? "")!;
        var text = turn.Text;
        var max = question.MaxLength ?? 500;
        if (text.Length == 0 || text.Length > max)
        {
            turn.Reply(text.Length == 0 ? turn.T("survey.hint.text-empty") : turn.T("survey.hint.text-long", ("max", max)));
            turn.Reply(turn.T("survey.other-prompt"));
            return DialogResult.Waiting;
        }

        state.Phase = SurveyPhase.Question;
        if (question.Type == QuestionType.MultiChoice)
        {
            if (!state.Selected.Contains(SurveyAnswerValue.OtherOptionId))
            {
                state.Selected.Add(SurveyAnswerValue.OtherOptionId);
            }

            state.Answers["__other:" + question.Id] = text;
            dc.SetState(state);
            Ask(turn, survey, question, state);
            return DialogResult.Waiting;
        }

        return await SaveAndAdvanceAsync(dc, survey, question, state,
            new SurveyAnswerValue { Option = SurveyAnswerValue.OtherOptionId, Other = text }, cancellationToken);
    }

    private async Task<DialogResult> OnAnswerAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        if (survey.Find(state.QuestionId ?? "") is not { } question)
        {
            return await AskCurrentOrFinishAsync(dc, survey, state, cancellationToken);
        }

        var folded = AnswerReader.Fold(turn.Text);
        if (PauseWords.Any(w => AnswerReader.Fold(w) == folded))
        {
            turn.Conversation.PausedSurveys[survey.Id] = state.ResponseId!.Value;
            turn.Reply(turn.T("survey.paused"));
            MainMenu.Show(turn);
            return DialogResult.Done;
        }

        if (folded == AnswerReader.Fold(turn.T("survey.cancel-button")))
        {
            await CancelRequestedAsync(dc, cancellationToken);
            return DialogResult.Waiting;
        }

        if (SkipWords.Any(w => AnswerReader.Fold(w) == folded) || folded == AnswerReader.Fold(turn.T("survey.skip")))
        {
            if (!question.Required)
            {
                return await SaveAndAdvanceAsync(dc, survey, question, state, SurveyAnswerValue.Skip, cancellationToken);
            }

            turn.Reply(turn.T("survey.hint.required"));
            Ask(turn, survey, question, state);
            return DialogResult.Waiting;
        }

        var reading = Read(turn, question, state);
        switch (reading.Outcome)
        {
            case ReadOutcome.Answer:
                return await SaveAndAdvanceAsync(dc, survey, question, state, reading.Value!, cancellationToken);
            case ReadOutcome.Toggled:
                dc.SetState(state);
                var update = Ask(turn, survey, question, state);
                update.ChannelData = new JsonObject { ["assistant"] = new JsonObject { ["updatesPrevious"] = true } };
                return DialogResult.Waiting;
            case ReadOutcome.Other:
                state.Phase = SurveyPhase.OtherText;
                dc.SetState(state);
                turn.Reply(turn.T("survey.other-prompt"));
                return DialogResult.Waiting;
        }

        // Not an answer. A question about the ICC or the strategy gets its answer, then the survey goes on.
        if (question.Type != QuestionType.FreeText && LooksLikeQuestion(turn.Text)
            && knowledge.Current.Match(turn.Text) is { Band: MatchBand.Answer, Top: { } top }
            && knowledge.Current.Knowledge.Find(top.Id) is { Kind: KnowledgeKind.Topic } entry)
        {
            turn.Reply(entry.In(turn.Language).Answer);
            turn.Reply(turn.T("survey.back"));
            Ask(turn, survey, question, state);
            return DialogResult.Waiting;
        }

        state.Attempts++;
        dc.SetState(state);
        turn.Reply(reading.Hint!);
        Ask(turn, survey, question, state);
        return DialogResult.Waiting;
    }

    private async Task<DialogResult> SaveAndAdvanceAsync(DialogContext dc, SurveyDefinition survey, SurveyQuestion question,
        SurveyState state, SurveyAnswerValue value, CancellationToken cancellationToken)
    {
        var json = value.ToJson();
        // Committed before the next question is sent.
        await responses.SaveAnswerAsync(new SurveyAnswer(state.ResponseId!.Value, question.Id, json, dc.Turn.Clock.GetUtcNow()), cancellationToken);
        state.Answers[question.Id] = json;
        state.Answers.Remove("__other:" + question.Id);
        state.Attempts = 0;
        state.Selected.Clear();
        state.QuestionId = Next(survey, state, after: question.Id)?.Id;
        dc.SetState(state);
        return await AskCurrentOrFinishAsync(dc, survey, state, cancellationToken);
    }

    private async Task<DialogResult> AskCurrentOrFinishAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        if (state.QuestionId is not null && survey.Find(state.QuestionId) is { } question)
        {
            Ask(dc.Turn, survey, question, state);
            return DialogResult.Waiting;
        }

        dc.Turn.Reply(survey.ThankYou.Get(dc.Turn.Language));
        MainMenu.Show(dc.Turn);
        return await EndAsync(dc, state, ResponseStatus.Completed, cancellationToken);
    }

    private async Task<DialogResult> EndAsync(DialogContext dc, SurveyState state, ResponseStatus status, CancellationToken cancellationToken)
    {
        if (state.ResponseId is { } id)
        {
            await responses.FinishAsync(id, status, dc.Turn.Clock.GetUtcNow(), cancellationToken);
        }

        dc.Turn.Conversation.PausedSurveys.Remove(state.SurveyId);
        return DialogResult.Done;
    }

    private Activity Ask(TurnContext turn, SurveyDefinition survey, SurveyQuestion question, SurveyState state)
    {
        var lang = turn.Language;
        var (number, total) = Progress(survey, state, question);
        var lines = new List<string>
        {
            turn.T("survey.progress", ("n", number), ("m", total)),
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
                lines.Add("");
                lines.Add(MultiHint(turn, question));
                var selectedNames = state.Selected.Select(id => id == SurveyAnswerValue.OtherOptionId
                    ? turn.T("survey.other") : question.Options.FirstOrDefault(o => o.Id == id)?.Text.Get(lang)).OfType<string>().ToList();
                lines.Add(selectedNames.Count == 0
                    ? turn.T("survey.nothing-selected")
                    : turn.T("survey.selected", ("list", string.Join(", ", selectedNames))));
                buttons.AddRange(question.Options.Select(o =>
                    Button((state.Selected.Contains(o.Id) ? "✓ " : "") + o.Text.Get(lang), o.Text.Get(lang))));
                if (question.AllowOther)
                {
                    var other = turn.T("survey.other");
                    buttons.Add(Button((state.Selected.Contains(SurveyAnswerValue.OtherOptionId) ? "✓ " : "") + other, other));
                }

                buttons.Add(Button(turn.T("survey.done-button")));
                break;
            case QuestionType.Rating:
                var scale = question.Scale!;
                if (scale.MinLabel is not null && scale.MaxLabel is not null)
                {
                    lines.Add(turn.T("survey.scale-labels", ("min", scale.Min), ("minLabel", scale.MinLabel.Get(lang)),
                        ("max", scale.Max), ("maxLabel", scale.MaxLabel.Get(lang))));
                }

                buttons.AddRange(Enumerable.Range(scale.Min, scale.Max - scale.Min + 1).Select(i => Button(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                break;
            case QuestionType.Nps:
                lines.Add(question.Scale is { MinLabel: { } low, MaxLabel: { } high }
                    ? turn.T("survey.scale-labels", ("min", 0), ("minLabel", low.Get(lang)), ("max", 10), ("maxLabel", high.Get(lang)))
                    : turn.T("survey.nps-labels"));
                buttons.AddRange(Enumerable.Range(0, 11).Select(i => Button(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                break;
            case QuestionType.YesNo:
                buttons.Add(Button(turn.T("survey.yes")));
                buttons.Add(Button(turn.T("survey.no")));
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

        if (state.Attempts >= MaxAttempts)
        {
            lines.Insert(0, turn.T(question.Required ? "survey.too-many-attempts-required" : "survey.too-many-attempts") + "\n");
            buttons.Add(Button(turn.T("survey.cancel-button")));
        }

        return turn.Reply(string.Join("\n", lines), buttons.Count > 0 ? buttons : null);
    }

    private static void AskConsent(TurnContext turn, SurveyDefinition survey, bool withIntro)
    {
        if (withIntro)
        {
            turn.Reply("**" + survey.Title.Get(turn.Language) + "**\n\n" + survey.Intro.Get(turn.Language));
        }

        turn.Reply(survey.Consent.Text.Get(turn.Language) + "\n\n" + turn.T("survey.consent-question"),
            [Button(turn.T("survey.consent-accept")), Button(turn.T("survey.consent-decline"))]);
    }

    private static void AskResume(TurnContext turn, SurveyDefinition survey) =>
        turn.Reply(turn.T("survey.resume-offer", ("title", survey.Title.Get(turn.Language))),
            [Button(turn.T("survey.resume-yes")), Button(turn.T("survey.resume-restart"))]);

    private static void AskConfirmCancel(TurnContext turn) =>
        turn.Reply(turn.T("survey.confirm-cancel"), [Button(turn.T("survey.cancel-button")), Button(turn.T("survey.continue-button"))]);

    private enum ReadOutcome
    {
        Answer,
        Toggled,
        Other,
        Invalid,
    }

    private sealed record Reading(ReadOutcome Outcome, SurveyAnswerValue? Value, string? Hint);

    private static Reading Read(TurnContext turn, SurveyQuestion question, SurveyState state)
    {
        var text = turn.Text;
        var folded = AnswerReader.Fold(text);
        var otherFolded = AnswerReader.Fold(turn.Texts.Both("survey.other").Get(turn.Language));
        var isOther = question.AllowOther && (folded == otherFolded
            || folded == AnswerReader.Fold(turn.Texts.Both("survey.other").Bg) || folded == AnswerReader.Fold(turn.Texts.Both("survey.other").En)
            || folded == "other");
        switch (question.Type)
        {
            case QuestionType.SingleChoice:
            {
                if (isOther)
                {
                    return new Reading(ReadOutcome.Other, null, null);
                }

                var option = AnswerReader.MatchOption(text, question.Options);
                return option is null
                    ? Invalid(turn.T("survey.hint.choice"))
                    : new Reading(ReadOutcome.Answer, new SurveyAnswerValue { Option = option }, null);
            }

            case QuestionType.MultiChoice:
            {
                if (DoneWords.Any(w => AnswerReader.Fold(w) == folded) || folded == AnswerReader.Fold(turn.T("survey.done-button")))
                {
                    return Finish(turn, question, state, state.Selected);
                }

                if (AnswerReader.NumberList(text) is { } numbers)
                {
                    if (numbers.Any(n => n < 1 || n > question.Options.Count))
                    {
                        return Invalid(turn.T("survey.hint.multi"));
                    }

                    return Finish(turn, question, state, numbers.Select(n => question.Options[n - 1].Id).ToList());
                }

                if (isOther)
                {
                    if (state.Selected.Remove(SurveyAnswerValue.OtherOptionId))
                    {
                        state.Answers.Remove("__other:" + question.Id);
                        return new Reading(ReadOutcome.Toggled, null, null);
                    }

                    return new Reading(ReadOutcome.Other, null, null);
                }

                var option = AnswerReader.MatchOption(text.TrimStart('✓', ' '), question.Options);
                if (option is null)
                {
                    return Invalid(turn.T("survey.hint.multi"));
                }

                if (!state.Selected.Remove(option))
                {
                    if (question.MaxSelections is { } max && state.Selected.Count >= max)
                    {
                        return Invalid(turn.T("survey.hint.multi-max", ("max", max)));
                    }

                    state.Selected.Add(option);
                }

                return new Reading(ReadOutcome.Toggled, null, null);
            }

            case QuestionType.Rating:
            case QuestionType.Nps:
            {
                var (min, max) = question.Type == QuestionType.Nps ? (0, 10) : (question.Scale!.Min, question.Scale.Max);
                return AnswerReader.WholeNumber(text) is { } value && value >= min && value <= max
                    ? new Reading(ReadOutcome.Answer, new SurveyAnswerValue { Value = value }, null)
                    : Invalid(turn.T("survey.hint.rating", ("min", min), ("max", max)));
            }

            case QuestionType.YesNo:
            {
                var folded2 = folded;
                bool? yes = folded2 == AnswerReader.Fold(turn.T("survey.yes")) ? true
                    : folded2 == AnswerReader.Fold(turn.T("survey.no")) ? false
                    : AnswerReader.YesNo(text);
                return yes is null
                    ? Invalid(turn.T("survey.hint.yes-no"))
                    : new Reading(ReadOutcome.Answer, new SurveyAnswerValue { Option = yes.Value ? "yes" : "no" }, null);
            }

            case QuestionType.Number:
            {
                var value = AnswerReader.Number(text);
                var inRange = value is { } v && (question.Min is null || v >= question.Min) && (question.Max is null || v <= question.Max);
                return inRange
                    ? new Reading(ReadOutcome.Answer, new SurveyAnswerValue { Value = value }, null)
                    : Invalid(question.Min is not null || question.Max is not null
                        ? turn.T("survey.hint.number", ("min", question.Min ?? decimal.MinValue), ("max", question.Max ?? decimal.MaxValue))
                        : turn.T("survey.hint.number-any"));
            }

            default:
            {
                var max = question.MaxLength ?? 1000;
                if (text.Length == 0)
                {
                    return Invalid(turn.T("survey.hint.text-empty"));
                }

                return text.Length > max
                    ? Invalid(turn.T("survey.hint.text-long", ("max", max)))
                    : new Reading(ReadOutcome.Answer, new SurveyAnswerValue { Text = text }, null);
            }
        }
    }

    private static Reading Finish(TurnContext turn, SurveyQuestion question, SurveyState state, List<string> selected)
    {
        var min = question.MinSelections ?? (question.Required ? 1 : 0);
        if (selected.Count < Math.Max(min, 1) && !(selected.Count == 0 && !question.Required))
        {
            return Invalid(turn.T("survey.hint.multi-min", ("min", Math.Max(min, 1))));
        }

        if (question.MaxSelections is { } max && selected.Count > max)
        {
            return Invalid(turn.T("survey.hint.multi-max", ("max", max)));
        }

        if (selected.Count == 0)
        {
            return new Reading(ReadOutcome.Answer, SurveyAnswerValue.Skip, null);
        }

        state.Answers.TryGetValue("__other:" + question.Id, out var other);
        var ordered = question.Options.Select(o => o.Id).Where(selected.Contains).ToList();
        if (selected.Contains(SurveyAnswerValue.OtherOptionId))
        {
            ordered.Add(SurveyAnswerValue.OtherOptionId);
        }

        return new Reading(ReadOutcome.Answer, new SurveyAnswerValue { Options = ordered, Other = other }, null);
    }

    private static Reading Invalid(string hint) => new(ReadOutcome.Invalid, null, hint);

    private static string MultiHint(TurnContext turn, SurveyQuestion question) =>
        question.MaxSelections is { } max
            ? turn.T("survey.multi-instructions-max", ("max", max))
            : turn.T("survey.multi-instructions");

    private static CardAction Button(string title, string? value = null) => CardAction.ImBack(title, value ?? title);

    private static bool LooksLikeQuestion(string text) =>
        text.TrimEnd().EndsWith('?') || text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 4;

    private static bool Visible(SurveyQuestion question, SurveyState state) =>
        question.ShowIf is not { } rule
        || (state.Answers.TryGetValue(rule.Question, out var json) && SurveyAnswerValue.FromJson(json).Satisfies(rule));

    private static SurveyQuestion? Next(SurveyDefinition survey, SurveyState state, string? after = null)
    {
        var start = after is null ? 0 : survey.Questions.ToList().FindIndex(q => q.Id == after) + 1;
        return survey.Questions.Skip(start).FirstOrDefault(q => !state.Answers.ContainsKey(q.Id) && Visible(q, state));
    }

    /// <summary>"Question n of m": m counts the questions answered plus those still ahead that can be shown.</summary>
    private static (int Number, int Total) Progress(SurveyDefinition survey, SurveyState state, SurveyQuestion current)
    {
        var answered = survey.Questions.Count(q => state.Answers.ContainsKey(q.Id) && q.Id != current.Id);
        var index = survey.Questions.ToList().FindIndex(q => q.Id == current.Id);
        var ahead = survey.Questions.Skip(index + 1).Count(q => !state.Answers.ContainsKey(q.Id)
            && (q.ShowIf is not { } rule || !state.Answers.ContainsKey(rule.Question) || Visible(q, state)));
        return (answered + 1, answered + 1 + ahead);
    }

    private string? ParticipantKey(TurnContext turn) =>
        turn.Activity.From?.Id is { Length: > 0 } userId ? participants.For(turn.Key.Channel, userId) : null;
}
