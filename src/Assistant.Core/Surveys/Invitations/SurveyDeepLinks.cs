using Assistant.Core.Dialogs;
using Assistant.Core.Surveys.Publications;

namespace Assistant.Core.Surveys.Invitations;

/// <summary>
/// Starts the survey a deep-link payload names (<c>/start &lt;payload&gt;</c> in Telegram, the web page's invitation
/// event): a survey id; a signed invitation code (its campaign goes with the response); or a survey id with a campaign
/// suffix after "_" (<c>e-government-participation_poster1</c>). A code that is forged, expired or used up gets a
/// friendly word and the survey list, never an error.
/// </summary>
public sealed class SurveyDeepLinks(ISurveySource surveys, IInvitationStore invitations, InvitationCodes codes,
    ISurveyPublicationStore publications)
{
    /// <summary>The web page's event carrying the code of its <c>?i=</c> address.</summary>
    public const string EventName = "assistant.invitation";

    public async Task StartAsync(DialogContext dc, string payload, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        if (dc.ActiveDialog is SurveyDialog)
        {
            turn.Reply(turn.T("survey.already-in-survey"));
            await dc.RepromptAsync(cancellationToken);
            return;
        }

        var catalog = surveys.Current;
        if (catalog.Find(payload) is { } survey)
        {
            await BeginAsync(dc, survey, null, cancellationToken);
            return;
        }

        if (InvitationCodes.LooksLikeCode(payload))
        {
            var id = codes.Verify(payload);
            var opening = id is null
                ? new InvitationOpening(InvitationOutcome.Invalid, null)
                : await invitations.OpenAsync(id, turn.Clock.GetUtcNow(), cancellationToken);
            if (opening is { Outcome: InvitationOutcome.Opened, Invitation: { } invitation }
                && catalog.Find(invitation.SurveyId) is { } invited)
            {
                await BeginAsync(dc, invited, invitation.Campaign, cancellationToken);
                return;
            }

            turn.Reply(turn.T(opening.Outcome switch
            {
                InvitationOutcome.Expired => "invitation.expired",
                InvitationOutcome.UsedUp => "invitation.used-up",
                InvitationOutcome.Opened => "invitation.survey-gone",
                _ => "invitation.invalid",
            }));
            await SurveyMenu.ShowAsync(turn, catalog, publications, cancellationToken);
            return;
        }

        var cut = payload.IndexOf('_', StringComparison.Ordinal);
        if (cut > 0 && catalog.Find(payload[..cut]) is { } tagged && CampaignLabel.IsValid(payload[(cut + 1)..]))
        {
            await BeginAsync(dc, tagged, payload[(cut + 1)..], cancellationToken);
            return;
        }

        // A deep link with garbage, or one to a survey that no longer exists.
        turn.Reply(turn.T("survey.not-found"));
        await SurveyMenu.ShowAsync(turn, catalog, publications, cancellationToken);
    }

    private static Task<DialogResult> BeginAsync(DialogContext dc, SurveyDefinition survey, string? campaign, CancellationToken cancellationToken)
    {
        dc.CancelAll();
        return dc.BeginDialogAsync(SurveyDialog.DialogId, new SurveyStartOptions(survey.Id, campaign), cancellationToken, survey.Hash);
    }
}
