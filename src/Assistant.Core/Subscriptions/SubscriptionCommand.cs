using Assistant.Core.Activities;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;

namespace Assistant.Core.Subscriptions;

/// <summary>
/// "известия" / "notifications" / "/subscribe" shows which news the participant gets, with a button per topic that
/// switches it on or off; "/subscribe surveys" and "/unsubscribe surveys" do it directly; "unsubscribe" / "отпиши ме"
/// switches everything off, and so does "/stop" ("stop", "спри") when nothing else is running and a topic is on;
/// otherwise "stop" is the <see cref="CancelCommand"/> it always was. Registered before it for that.
/// </summary>
public sealed class SubscriptionCommand(ISubscriptionStore subscriptions) : IGlobalCommand
{
    private static readonly string[] Show =
    [
        "subscribe", "subscriptions", "notifications", "notify me", "абонамент", "абонаменти", "известия", "уведомления",
        "абонирай ме",
    ];

    private static readonly string[] StopAll =
    [
        "unsubscribe", "unsubscribe all", "stop notifications", "отпиши ме", "отписване", "спри известията", "без известия",
    ];

    private static readonly string[] Stop = ["stop", "спри", "стоп"];

    private readonly CancelCommand _cancel = new();

    public bool Matches(string foldedText) =>
        CommandWords.Any(foldedText, Show) || CommandWords.Any(foldedText, StopAll) || CommandWords.Any(foldedText, Stop)
        || TopicCommand(foldedText) is not null;

    public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var folded = CommandWords.Fold(turn.Text);
        if (CommandWords.Any(folded, Stop))
        {
            if (dc.ActiveFrame is null && turn.ParticipantKey is { } subscriber
                && (await subscriptions.ListAsync(subscriber, cancellationToken)).Count > 0)
            {
                await StopAllAsync(dc, subscriptions, cancellationToken);
            }
            else
            {
                await _cancel.ExecuteAsync(dc, cancellationToken);
            }

            return;
        }

        if (turn.ParticipantKey is not { } key)
        {
            turn.Reply(turn.T("privacy.no-key"));
            return;
        }

        if (CommandWords.Any(folded, StopAll))
        {
            await StopAllAsync(dc, subscriptions, cancellationToken);
            return;
        }

        if (TopicCommand(folded) is { } change)
        {
            var topic = change.Topic;
            if (change.Subscribe)
            {
                await subscriptions.SubscribeAsync(new Subscription(key, topic, turn.Key.Channel, turn.Key.ConversationId, turn.Language,
                    turn.Clock.GetUtcNow()), cancellationToken);
                turn.Reply(turn.T("subscriptions.subscribed", ("topic", turn.T("subscriptions.topic." + topic))));
            }
            else
            {
                await subscriptions.UnsubscribeAsync(key, topic, cancellationToken);
                turn.Reply(turn.T("subscriptions.unsubscribed", ("topic", turn.T("subscriptions.topic." + topic))));
            }
        }

        await ShowAsync(dc, key, subscriptions, cancellationToken);
    }

    /// <summary>Switches every topic off; says so, or that there was nothing to switch off.</summary>
    public static async Task StopAllAsync(DialogContext dc, ISubscriptionStore subscriptions, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var removed = turn.ParticipantKey is { } key ? await subscriptions.UnsubscribeAllAsync(key, cancellationToken) : 0;
        turn.Reply(turn.T(removed > 0 ? "subscriptions.stopped" : "subscriptions.none"));
        if (dc.ActiveFrame is not null)
        {
            await dc.RepromptAsync(cancellationToken);
        }
        else
        {
            MainMenu.Show(turn);
        }
    }

    private static async Task ShowAsync(DialogContext dc, string key, ISubscriptionStore subscriptions, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var current = (await subscriptions.ListAsync(key, cancellationToken)).Select(s => s.Topic).ToHashSet(StringComparer.Ordinal);
        var buttons = SubscriptionTopics.All.Select(t => current.Contains(t)
                ? CardAction.ImBack("✓ " + turn.T("subscriptions.topic." + t), "/unsubscribe " + t)
                : CardAction.ImBack(turn.T("subscriptions.topic." + t), "/subscribe " + t))
            .ToList();
        if (current.Count > 0)
        {
            buttons.Add(CardAction.ImBack(turn.T("subscriptions.stop-all"), "/unsubscribe"));
        }

        var topics = string.Join(", ", SubscriptionTopics.All.Where(current.Contains).Select(t => turn.T("subscriptions.topic." + t)));
        turn.Reply(current.Count == 0 ? turn.T("subscriptions.status-none") : turn.T("subscriptions.status", ("topics", topics)), buttons);
        if (dc.ActiveFrame is not null)
        {
            await dc.RepromptAsync(cancellationToken);
        }
    }

    /// <summary>"subscribe surveys" → (true, "surveys"); "unsubscribe events" → (false, "events"); otherwise null.</summary>
    private static (bool Subscribe, string Topic)? TopicCommand(string foldedText)
    {
        var parts = foldedText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && parts[0] is "subscribe" or "unsubscribe" && SubscriptionTopics.IsValid(parts[1])
            ? (parts[0] == "subscribe", parts[1])
            : null;
    }
}
