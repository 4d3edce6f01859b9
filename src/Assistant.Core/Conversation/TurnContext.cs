using Assistant.Core.Activities;
using Assistant.Core.Language;

namespace Assistant.Core.Conversation;

/// <summary>Everything one turn works with: the inbound activity, the loaded state, and the replies being collected.</summary>
public sealed class TurnContext(
    Activity activity,
    ConversationKey key,
    ConversationState conversation,
    UserState user,
    TextCatalog texts,
    TimeProvider clock)
{
    private readonly List<Activity> _replies = [];
    private readonly List<TurnMeasure> _measures = [];

    public Activity Activity { get; } = activity;
    public ConversationKey Key { get; } = key;
    public ConversationState Conversation { get; } = conversation;
    public UserState User { get; } = user;
    public TextCatalog Texts { get; } = texts;
    public TimeProvider Clock { get; } = clock;

    public IReadOnlyList<Activity> Replies => _replies;

    /// <summary>What the dialogs noted for the metrics; recorded only when the turn stands.</summary>
    public IReadOnlyList<TurnMeasure> Measures => _measures;

    /// <summary>Notes an event for <see cref="AssistantMetrics"/> (a knowledge outcome, a survey started or ended).</summary>
    public void Measure(TurnMeasureKind kind, string? survey = null) => _measures.Add(new TurnMeasure(kind, survey));

    /// <summary>The sender's pseudonymous participant key; null when the activity names no sender.</summary>
    public string? ParticipantKey { get; init; }

    /// <summary>
    /// Set when this turn erased everything stored about the participant: the pipeline then saves no state and writes
    /// no transcript for the turn, so nothing is recreated.
    /// </summary>
    public bool Erased { get; set; }

    /// <summary>The message text, trimmed; empty when there is none.</summary>
    public string Text => RewrittenText ?? Activity.Text?.Trim() ?? "";

    /// <summary>
    /// The words the turn runs on when they are not the user's: a request the assistant read as a command ("искам
    /// отговорите на английски") runs as the command itself ("/lang en"). The activity and its transcript keep the
    /// user's words.
    /// </summary>
    public string? RewrittenText { get; set; }

    /// <summary>
    /// The reply language: the user's explicit choice, else the language they last wrote in, else what the client says,
    /// else Bulgarian.
    /// </summary>
    public string Language => LanguageOf(User, Conversation) ?? Lang.Bg;

    /// <summary>The reply language the user and conversation state decide, if they decide one (see <see cref="Language"/>).</summary>
    public static string? LanguageOf(UserState user, ConversationState conversation) =>
        user.Language ?? conversation.TextLanguage ?? conversation.ClientLanguage;

    public string T(string key) => Texts.Get(Language, key);

    public string T(string key, params (string Name, object Value)[] values) => Texts.Format(Language, key, values);

    /// <summary>Adds a Markdown message to this turn's replies.</summary>
    public Activity Reply(string text, IEnumerable<CardAction>? actions = null, string textFormat = "markdown")
    {
        var reply = new Activity
        {
            Type = ActivityTypes.Message,
            Text = text,
            TextFormat = textFormat,
            Locale = Lang.ToLocale(Language),
            InputHint = actions is null ? "acceptingInput" : "expectingInput",
        };
        if (actions is not null)
        {
            reply.SuggestedActions = new SuggestedActions { Actions = actions.ToList() };
        }

        _replies.Add(reply);
        return reply;
    }

    /// <summary>Quotes user-supplied text back safely: sent as plain text, never rendered as Markdown or HTML.</summary>
    public Activity ReplyPlain(string text) => Reply(text, textFormat: "plain");

    /// <summary>Moves suggested actions to the last message (Web Chat shows them only there).</summary>
    internal void NormalizeSuggestedActions()
    {
        var withActions = _replies.LastOrDefault(r => r.SuggestedActions is not null);
        var last = _replies.LastOrDefault();
        if (withActions is null || last is null || ReferenceEquals(withActions, last))
        {
            return;
        }

        last.SuggestedActions ??= withActions.SuggestedActions;
        withActions.SuggestedActions = null;
    }

    internal void ClearReplies() => _replies.Clear();
}
