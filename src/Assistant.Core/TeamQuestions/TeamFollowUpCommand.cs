using Assistant.Core.Dialogs;
using Assistant.Core.Language;

namespace Assistant.Core.TeamQuestions;

/// <summary>
/// The citizen's one answer to a delivered reply: "Thanks" closes it for good, "That didn't answer it" sends the
/// question back to the team's inbox. Matches the two buttons that come with the reply, in either language.
/// </summary>
public sealed class TeamFollowUpCommand(Func<TextCatalog> texts, ITeamQuestionStore questions) : Dialogs.Commands.IGlobalCommand
{
    public bool Matches(string foldedText) => Is(foldedText, "team.thanks") || Is(foldedText, "team.not-answered");

    public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var thanked = Is(Dialogs.Commands.CommandWords.Fold(turn.Text), "team.thanks");
        var mine = await questions.ListForConversationsAsync([turn.Key.ToString()], cancellationToken);
        var last = mine.FirstOrDefault(q => q.IsClosed && q.Delivery == TeamDelivery.Delivered && q.FollowUp == TeamFollowUp.None);
        if (last is null)
        {
            turn.Reply(turn.T("team.followup-none"));
            await MenuOrRepromptAsync(dc, cancellationToken);
            return;
        }

        var now = turn.Clock.GetUtcNow();
        var updated = thanked
            ? last with { FollowUp = TeamFollowUp.Thanked, UpdatedAt = now }
            : last with { FollowUp = TeamFollowUp.Reopened, Status = TeamQuestionStatus.Open, Delivery = TeamDelivery.Pending, DeliveryAt = now, UpdatedAt = now };
        if (!await questions.UpdateAsync(updated, last.Version, cancellationToken))
        {
            // Changed on the desk a moment ago: say so rather than overwrite it.
            turn.Reply(turn.T("team.followup-busy"));
            await MenuOrRepromptAsync(dc, cancellationToken);
            return;
        }

        turn.Reply(thanked ? turn.T("team.thanks-reply") : turn.T("team.reopened", ("reference", last.Reference)));
        await MenuOrRepromptAsync(dc, cancellationToken);
    }

    /// <summary>Back to whatever was pending (a survey question), or the menu.</summary>
    private static async Task MenuOrRepromptAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (dc.ActiveFrame is null)
        {
            MainMenu.Show(dc.Turn);
        }
        else
        {
            await dc.RepromptAsync(cancellationToken);
        }
    }

    private bool Is(string folded, string key) =>
        folded.Length > 0 && texts().Both(key) is var both
        && (TextNormalizer.Fold(both.Bg) == folded || TextNormalizer.Fold(both.En) == folded);
}
