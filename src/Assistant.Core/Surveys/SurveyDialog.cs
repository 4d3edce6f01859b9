using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Prompts;
using Assistant.Core.Knowledge;
using Assistant.Core.Surveys.Publications;

namespace Assistant.Core.Surveys;

/// <summary>
/// Runs one survey in the conversation: consent, one question at a time (each answer committed before the next question
/// is sent), branching, "other, please specify", skips, help, pause, cancel with confirmation, knowledge questions in
/// between, and resuming where the participant left off — after a pause, in a new conversation, or after a restart.
/// What is shown is in <see cref="SurveyQuestionView"/>, how a message is read in <see cref="AnswerReader"/>, which
/// question comes next in <see cref="SurveyPath"/>; this class keeps the flow between them.
/// </summary>
/// <remarks>
/// The three yes/no questions (resume, consent, stop) are phases of this dialog's own frame rather than a
/// <see cref="ConfirmPrompt"/> pushed as a child: a child frame would change the stack of every survey in progress and
/// bring the prompt's own give-up after three attempts. They read yes and no with the prompt's recogniser instead.
/// </remarks>
public sealed class SurveyDialog(ISurveySource surveys, ISurveyResponseStore responses, IKnowledgeSource knowledge,
    ISurveyPublicationStore publications)
    : Dialog(DialogId)
{
    public const string DialogId = "survey";
    public const int MaxAttempts = 3;

    public override async Task<DialogResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var survey = surveys.Current.Find((options as SurveyStartOptions)?.SurveyId ?? "");
        if (survey is null || !await SurveyClosing.AcceptsAsync(survey, publications, turn.Clock.GetUtcNow(), cancellationToken))
        {
            turn.Reply(survey is null ? turn.T("survey.not-found") : turn.T("survey.closed", ("title", survey.Title.Get(turn.Language))));
            await SurveyMenu.ShowAsync(turn, surveys.Current, publications, cancellationToken);
            return DialogResult.Done;
        }

        var state = new SurveyState { SurveyId = survey.Id, Hash = survey.Hash, Campaign = (options as SurveyStartOptions)?.Campaign };
        dc.SetState(state);
        if (!survey.Anonymous && turn.ParticipantKey is { } key)
        {
            var earlier = await responses.FindByParticipantAsync(survey.Id, key, cancellationToken);
            if (survey.OncePerParticipant && earlier.Any(r => r.Status == ResponseStatus.Completed))
            {
                turn.Reply(turn.T("survey.already-done", ("title", survey.Title.Get(turn.Language))));
                MainMenu.Show(turn);
                return DialogResult.Done;
            }

            state.ResumableResponseId = earlier.FirstOrDefault(r => r.Status == ResponseStatus.InProgress)?.Id;
        }

        if (state.ResumableResponseId is null && turn.Conversation.PausedSurveys.TryGetValue(survey.Id, out var paused)
            && await responses.GetAsync(paused, cancellationToken) is { Status: ResponseStatus.InProgress })
        {
            state.ResumableResponseId = paused;
        }

        state.Phase = state.ResumableResponseId is null ? SurveyPhase.Consent : SurveyPhase.ResumeOffer;
        dc.SetState(state);
        if (state.Phase == SurveyPhase.ResumeOffer)
        {
            SurveyQuestionView.ResumeOffer(turn, survey);
        }
        else
        {
            SurveyQuestionView.Consent(turn, survey, withIntro: true);
        }

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

        if (SurveyClosing.IsClosed(survey, await publications.GetAsync(survey.Id, cancellationToken), turn.Clock.GetUtcNow()))
        {
            // Closed while this participant was in it: what they answered stays; nothing more is taken.
            turn.Reply(turn.T(state.ResponseId is null ? "survey.closed" : "survey.closed-midway", ("title", survey.Title.Get(turn.Language))));
            MainMenu.Show(turn);
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
                var path = new SurveyPath(survey, state.Answers);
                state.Phase = SurveyPhase.Question;
                state.QuestionId = survey.Find(state.QuestionId ?? "") is { } same && path.Shows(same) ? same.Id : path.Next()?.Id;
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
        if (surveys.Current.Find(state.SurveyId) is { } survey)
        {
            SurveyQuestionView.Pending(dc.Turn, survey, state);
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
        if (state.ResponseId is null || state.Phase is SurveyPhase.Consent or SurveyPhase.ResumeOffer or SurveyPhase.ConfirmCancel)
        {
            // Nothing stored yet, or asked already: no (further) confirmation.
            return Task.FromResult(false);
        }

        state.Phase = SurveyPhase.ConfirmCancel;
        dc.SetState(state);
        SurveyQuestionView.ConfirmCancel(dc.Turn);
        return Task.FromResult(true);
    }

    private async Task<DialogResult> OnResumeAnswerAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        if (ConfirmPrompt.Recognize(turn.Text, SurveyConfirmations.Resume(turn.Texts)) is not { } resume)
        {
            turn.Reply(turn.T("survey.hint.yes-no"));
            SurveyQuestionView.ResumeOffer(turn, survey);
            return DialogResult.Waiting;
        }

        var earlier = state.ResumableResponseId!.Value;
        state.ResumableResponseId = null;
        turn.Conversation.PausedSurveys.Remove(survey.Id);
        if (!resume)
        {
            await responses.FinishAsync(earlier, ResponseStatus.Abandoned, turn.Clock.GetUtcNow(), cancellationToken);
            turn.Measure(TurnMeasureKind.SurveyAbandoned, survey.Id);
            state.Phase = SurveyPhase.Consent;
            dc.SetState(state);
            SurveyQuestionView.Consent(turn, survey, withIntro: true);
            return DialogResult.Waiting;
        }

        state.ResponseId = earlier;
        state.Answers = (await responses.GetAnswersAsync(earlier, cancellationToken))
            .ToDictionary(a => a.QuestionId, a => a.ValueJson, StringComparer.Ordinal);
        return await StartQuestionsAsync(dc, survey, state, cancellationToken);
    }

    private async Task<DialogResult> OnConsentAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        if (ConfirmPrompt.Recognize(turn.Text, SurveyConfirmations.Consent(turn.Texts)) is not { } accepted)
        {
            turn.Reply(turn.T("survey.hint.consent"));
            SurveyQuestionView.Consent(turn, survey, withIntro: false);
            return DialogResult.Waiting;
        }

        if (!accepted)
        {
            turn.Reply(turn.T("survey.consent-declined"));
            MainMenu.Show(turn);
            return DialogResult.Done;
        }

        var now = turn.Clock.GetUtcNow();
        var key = turn.ParticipantKey;
        if (key is not null)
        {
            await responses.RecordConsentAsync(new ConsentRecord(key, survey.Id, survey.Consent.Version, turn.Key.Channel, now), cancellationToken);
        }

        var response = new SurveyResponse(Guid.NewGuid(), survey.Id, survey.Version, survey.Anonymous ? null : key,
            turn.Key.Channel, now, null, ResponseStatus.InProgress, state.Campaign);
        await responses.StartAsync(response, cancellationToken);
        turn.Measure(TurnMeasureKind.SurveyStarted, survey.Id);
        state.ResponseId = response.Id;
        return await StartQuestionsAsync(dc, survey, state, cancellationToken);
    }

    private async Task<DialogResult> OnConfirmCancelAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        switch (ConfirmPrompt.Recognize(turn.Text, SurveyConfirmations.Cancel(turn.Texts)))
        {
            case true:
                turn.Reply(turn.T("survey.cancelled"));
                MainMenu.Show(turn);
                return await EndAsync(dc, state, ResponseStatus.Abandoned, cancellationToken);
            case false:
                state.Phase = SurveyPhase.Question;
                dc.SetState(state);
                return await AskCurrentOrFinishAsync(dc, survey, state, cancellationToken);
            default:
                SurveyQuestionView.ConfirmCancel(turn);
                return DialogResult.Waiting;
        }
    }

    private async Task<DialogResult> OnOtherTextAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var question = survey.Find(state.QuestionId ?? "")!;
        var reading = AnswerReader.ReadOtherText(turn, question);
        if (reading.Value is not { } value)
        {
            turn.Reply(reading.Hint!);
            SurveyQuestionView.OtherPrompt(turn);
            return DialogResult.Waiting;
        }

        state.Phase = SurveyPhase.Question;
        if (question.Type != QuestionType.MultiChoice)
        {
            return await SaveAndAdvanceAsync(dc, survey, question, state, value, cancellationToken);
        }

        // "Other" joins the selection; its text waits among the answers until the question is done.
        if (!state.Selected.Contains(SurveyAnswerValue.OtherOptionId))
        {
            state.Selected.Add(SurveyAnswerValue.OtherOptionId);
        }

        state.Answers[SurveyState.OtherDraftKey(question.Id)] = value.Other!;
        dc.SetState(state);
        SurveyQuestionView.Question(turn, survey, question, state);
        return DialogResult.Waiting;
    }

    private async Task<DialogResult> OnAnswerAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        if (survey.Find(state.QuestionId ?? "") is not { } question)
        {
            return await AskCurrentOrFinishAsync(dc, survey, state, cancellationToken);
        }

        var reading = AnswerReader.Read(turn, question, state);
        switch (reading.Outcome)
        {
            case AnswerOutcome.Pause:
                turn.Conversation.PausedSurveys[survey.Id] = state.ResponseId!.Value;
                turn.Reply(turn.T("survey.paused", ("title", survey.Title.Get(turn.Language))));
                MainMenu.Show(turn);
                return DialogResult.Done;
            case AnswerOutcome.Cancel:
                await CancelRequestedAsync(dc, cancellationToken);
                return DialogResult.Waiting;
            case AnswerOutcome.Skip when !question.Required:
                return await SaveAndAdvanceAsync(dc, survey, question, state, SurveyAnswerValue.Skip, cancellationToken);
            case AnswerOutcome.Skip:
                turn.Reply(turn.T("survey.hint.required"));
                SurveyQuestionView.Question(turn, survey, question, state);
                return DialogResult.Waiting;
            case AnswerOutcome.Answer:
                return await SaveAndAdvanceAsync(dc, survey, question, state, reading.Value!, cancellationToken);
            case AnswerOutcome.Toggled:
                dc.SetState(state);
                SurveyQuestionView.SelectionChanged(turn, survey, question, state);
                return DialogResult.Waiting;
            case AnswerOutcome.Other:
                state.Phase = SurveyPhase.OtherText;
                dc.SetState(state);
                SurveyQuestionView.OtherPrompt(turn);
                return DialogResult.Waiting;
        }

        // Not an answer. A question about the ICC or the strategy gets its answer, then the survey goes on.
        if (question.Type != QuestionType.FreeText && KnowledgeAnswer(turn) is { } answer)
        {
            turn.Reply(answer);
            turn.Reply(turn.T("survey.back"));
            SurveyQuestionView.Question(turn, survey, question, state);
            return DialogResult.Waiting;
        }

        state.Attempts++;
        dc.SetState(state);
        turn.Reply(reading.Hint!);
        SurveyQuestionView.Question(turn, survey, question, state);
        return DialogResult.Waiting;
    }

    private Task<DialogResult> StartQuestionsAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        state.Phase = SurveyPhase.Question;
        state.QuestionId = new SurveyPath(survey, state.Answers).Next()?.Id;
        dc.SetState(state);
        return AskCurrentOrFinishAsync(dc, survey, state, cancellationToken);
    }

    private async Task<DialogResult> SaveAndAdvanceAsync(DialogContext dc, SurveyDefinition survey, SurveyQuestion question,
        SurveyState state, SurveyAnswerValue value, CancellationToken cancellationToken)
    {
        var json = value.ToJson();
        // Committed before the next question is sent.
        await responses.SaveAnswerAsync(new SurveyAnswer(state.ResponseId!.Value, question.Id, json, dc.Turn.Clock.GetUtcNow()), cancellationToken);
        state.Answers[question.Id] = json;
        state.Answers.Remove(SurveyState.OtherDraftKey(question.Id));
        state.Attempts = 0;
        state.Selected.Clear();
        state.QuestionId = new SurveyPath(survey, state.Answers).Next(after: question.Id)?.Id;
        dc.SetState(state);
        return await AskCurrentOrFinishAsync(dc, survey, state, cancellationToken);
    }

    private async Task<DialogResult> AskCurrentOrFinishAsync(DialogContext dc, SurveyDefinition survey, SurveyState state, CancellationToken cancellationToken)
    {
        if (state.QuestionId is not null && survey.Find(state.QuestionId) is { } question)
        {
            SurveyQuestionView.Question(dc.Turn, survey, question, state);
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
            dc.Turn.Measure(status == ResponseStatus.Completed ? TurnMeasureKind.SurveyCompleted : TurnMeasureKind.SurveyAbandoned,
                state.SurveyId);
        }

        dc.Turn.Conversation.PausedSurveys.Remove(state.SurveyId);
        return DialogResult.Done;
    }

    /// <summary>The knowledge base's answer when the message reads as a question it answers with confidence.</summary>
    private string? KnowledgeAnswer(TurnContext turn)
    {
        var looksLikeQuestion = turn.Text.TrimEnd().EndsWith('?') || turn.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 4;
        return looksLikeQuestion
            && knowledge.Current.Match(turn.Text) is { Band: MatchBand.Answer, Top: { } top }
            && knowledge.Current.Knowledge.Find(top.Id) is { Kind: KnowledgeKind.Topic } entry
                ? entry.In(turn.Language).Answer
                : null;
    }
}
