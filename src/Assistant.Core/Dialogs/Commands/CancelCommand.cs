using Assistant.Core.Subscriptions;

namespace Assistant.Core.Dialogs.Commands;

/// <summary>
/// "cancel" / "stop" ends what is running. "/stop" (or "stop", "спри") with nothing running and subscriptions on
/// switches the notifications off, as Telegram users expect of /stop.
/// </summary>
public sealed class CancelCommand(ISubscriptionStore subscriptions) : IGlobalCommand
{
    private static readonly string[] StopWords = ["stop", "спри", "стоп"];

    public bool Matches(string foldedText) => CommandWords.Any(foldedText, "cancel", "откажи", "отказ") || CommandWords.Any(foldedText, StopWords);

    public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (dc.ActiveFrame is null && CommandWords.Any(CommandWords.Fold(dc.Turn.Text), StopWords) && dc.Turn.ParticipantKey is { } key
            && (await subscriptions.ListAsync(key, cancellationToken)).Count > 0)
        {
            await SubscriptionCommand.StopAllAsync(dc, subscriptions, cancellationToken);
            return;
        }

        if (dc.ActiveDialog is { } active && await active.CancelRequestedAsync(dc, cancellationToken))
        {
            return;
        }

        var hadDialog = dc.ActiveFrame is not null;
        dc.CancelAll();
        dc.Turn.Reply(dc.Turn.T(hadDialog ? "cancel.done" : "cancel.nothing"));
        MainMenu.Show(dc.Turn);
    }
}
