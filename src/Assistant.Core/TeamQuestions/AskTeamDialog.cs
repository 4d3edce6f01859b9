using Assistant.Core.Activities;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Language;
using Microsoft.Extensions.Options;

namespace Assistant.Core.TeamQuestions;

/// <summary>
/// "Ask the team": the citizen confirms the question just asked (or writes one), is told what is stored and for how
/// long, may leave an e-mail (never required), and gets a reference and the expected reply time. The team's reply comes
/// back into this conversation later (the host delivers it).
/// </summary>
public sealed class AskTeamDialog(ITeamQuestionStore questions, IOptions<TeamQuestionOptions> settings) : Dialog(DialogId)
{
    public const string DialogId = "ask-team";

    /// <summary>A question longer than this is refused with a note (the citizen shortens it; nothing is lost before that).</summary>
    public const int MaxQuestionLength = 2000;

    private const string StepConfirm = "confirm";
    private const string StepQuestion = "question";
    private const string StepEmail = "email";

    public override async Task<DialogResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var candidate = turn.Conversation.TeamCandidate;
        turn.Conversation.TeamCandidate = null;
        var state = candidate is { Length: > 0 and <= MaxQuestionLength }
            ? new AskTeamState { Step = StepConfirm, Question = candidate }
            : new AskTeamState { Step = StepQuestion };
        dc.SetState(state);
        await RepromptAsync(dc, cancellationToken);
        return DialogResult.Waiting;
    }

    public override async Task<DialogResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var state = dc.GetState<AskTeamState>();
        var text = turn.Text;
        if (Is(turn, text, "team.cancel"))
        {
            turn.Reply(turn.T("team.cancelled"));
            MainMenu.Show(turn);
            return DialogResult.Cancelled;
        }

        switch (state.Step)
        {
            case StepConfirm when Is(turn, text, "team.send-this"):
                state.Step = StepEmail;
                break;
            case StepConfirm or StepQuestion:
                if (text.Length == 0)
                {
                    turn.Reply(turn.T("team.question-empty"), Buttons(turn, "team.cancel"));
                    return DialogResult.Waiting;
                }

                if (text.Length > MaxQuestionLength)
                {
                    turn.Reply(turn.T("team.question-too-long", ("max", MaxQuestionLength)), Buttons(turn, "team.cancel"));
                    return DialogResult.Waiting;
                }

                state.Question = text;
                state.Step = StepEmail;
                break;
            case StepEmail when Is(turn, text, "team.no-email"):
                return await SaveAsync(dc, state, null, cancellationToken);
            case StepEmail:
                if (ContactEmail.Parse(text) is { } email)
                {
                    return await SaveAsync(dc, state, email, cancellationToken);
                }

                // The question stays in the dialog's state: a mistyped address loses nothing.
                turn.Reply(turn.T("team.email-invalid"), Buttons(turn, "team.no-email", "team.cancel"));
                return DialogResult.Waiting;
        }

        dc.SetState(state);
        await RepromptAsync(dc, cancellationToken);
        return DialogResult.Waiting;
    }

    public override Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var state = dc.GetState<AskTeamState>();
        switch (state.Step)
        {
            case StepConfirm:
                // The citizen's own words go back as plain text: never rendered as Markdown or HTML.
                var confirm = turn.ReplyPlain(turn.T("team.confirm", ("question", state.Question ?? "")));
                confirm.SuggestedActions = new SuggestedActions { Actions = Buttons(turn, "team.send-this", "team.cancel").ToList() };
                confirm.InputHint = "expectingInput";
                break;
            case StepQuestion:
                turn.Reply(turn.T("team.write-question"), Buttons(turn, "team.cancel"));
                break;
            default:
                turn.Reply(turn.T("team.privacy", ("days", settings.Value.KeepDays)));
                turn.Reply(turn.T("team.email-ask"), Buttons(turn, "team.no-email", "team.cancel"));
                break;
        }

        return Task.CompletedTask;
    }

    public override Task<bool> HelpAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        dc.Turn.Reply(dc.Turn.T("team.help"));
        return RepromptThenTrueAsync(dc, cancellationToken);
    }

    private async Task<bool> RepromptThenTrueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        await RepromptAsync(dc, cancellationToken);
        return true;
    }

    private async Task<DialogResult> SaveAsync(DialogContext dc, AskTeamState state, string? email, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var now = turn.Clock.GetUtcNow();
        var question = new TeamQuestion(Guid.NewGuid(), TeamQuestionReference.New(), state.Question ?? "", turn.Language,
            turn.Key.Channel, turn.Key.ToString(), turn.ParticipantKey, email, now, UpdatedAt: now);
        try
        {
            await questions.AddAsync(question, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // A reference drawn twice (about one in a billion): draw again once.
            question = question with { Reference = TeamQuestionReference.New() };
            await questions.AddAsync(question, cancellationToken);
        }

        turn.Reply(turn.T(email is null ? "team.saved" : "team.saved-with-email",
            ("reference", question.Reference), ("days", settings.Value.ReplyWorkingDays)), MainMenu.Items(turn));
        return DialogResult.Done;
    }

    private static bool Is(TurnContext turn, string text, string key) =>
        TextNormalizer.Fold(text) is var folded && folded.Length > 0 && turn.Texts.Both(key) is var both
        && (TextNormalizer.Fold(both.Bg) == folded || TextNormalizer.Fold(both.En) == folded);

    private static IEnumerable<CardAction> Buttons(TurnContext turn, params string[] keys) =>
        keys.Select(k => CardAction.ImBack(turn.T(k), turn.T(k)));
}

/// <summary>Where the dialog is: the question so far and the step it waits on.</summary>
public sealed class AskTeamState
{
    public string Step { get; set; } = "question";

    public string? Question { get; set; }
}
