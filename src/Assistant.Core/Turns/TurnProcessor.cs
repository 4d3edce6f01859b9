using System.Text.Json;
using Assistant.Core.Activities;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.Language;
using Assistant.Core.Privacy;
using Assistant.Core.Surveys;
using Assistant.Core.Surveys.Invitations;
using Microsoft.Extensions.Logging;

namespace Assistant.Core.Turns;

/// <summary>
/// Runs one inbound activity through the dialogs, channel-neutral: one turn at a time per conversation, state loaded
/// and saved with eTags (a conflict re-runs the turn), one error boundary, and a transcript of what went in and out.
/// A failure of the storage (<see cref="StorageFailure"/>) is not a dialog bug: after a short pause the failed write is
/// tried again (the whole turn, from the stored state, when a read or a dialog's write failed), and when the storage keeps
/// failing the user is asked to try again while the state stays as it was (the same question still waiting) and the turn
/// leaves no transcript. Only a bug in the dialogs resets them.
/// </summary>
public sealed class TurnProcessor(
    IStateStore stateStore,
    ITranscriptStore transcripts,
    DialogRegistry dialogs,
    RootDialog root,
    IEnumerable<IGlobalCommand> commands,
    Func<TextCatalog> texts,
    ConversationGate gate,
    BotIdentity bot,
    TimeProvider clock,
    ILogger<TurnProcessor> logger,
    IPrivacyStore privacy,
    ParticipantKeys participants,
    AssistantMetrics metrics,
    SurveyDeepLinks deepLinks)
{
    public const int MaxAttempts = 3;

    /// <summary>
    /// The pauses a turn allows its storage, one per failure: after each, the failed write of the pipeline's own (the
    /// state, the transcript) is tried again, or the turn runs again when a read or a dialog's write failed. When the
    /// storage fails once more, the user is asked to try again.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> StorageRetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400)];

    /// <summary>How many storage failures in one turn make the user be asked to try again.</summary>
    public static int StorageAttempts => StorageRetryDelays.Count + 1;

    /// <summary>Longer messages are cut to this many characters before anything is stored, and answered with a polite note.</summary>
    public const int MaxTextLength = 4000;

    private const int MaxEarlierActivityIds = 64;
    private readonly IReadOnlyList<IGlobalCommand> _commands = commands.ToList();

    public Task<IReadOnlyList<Activity>> ProcessAsync(ConversationKey key, Activity activity, CancellationToken cancellationToken) =>
        ProcessAsync(key, activity, commit: null, cancellationToken);

    /// <summary>
    /// Runs the turn; with a <paramref name="commit"/>, its state and transcript writes are collected there instead of
    /// written, for the caller to commit together with its own record of the turn (see <see cref="TurnCommit"/>).
    /// </summary>
    public async Task<IReadOnlyList<Activity>> ProcessAsync(ConversationKey key, Activity activity, TurnCommit? commit,
        CancellationToken cancellationToken)
    {
        using var lease = await gate.EnterAsync(key.ToString(), cancellationToken);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ConversationKey"] = key.ToString() });
        // Cut once, before the first run: a run that is repeated must still know that the message was cut.
        var cut = CutTooLongText(activity);
        return await ProcessHeldAsync(key, activity, cut, commit, cancellationToken);
    }

    /// <summary>
    /// Runs the turn and commits its state documents and transcript with one write of <paramref name="store"/> (one
    /// durable commit) while the conversation's turn is still held, so the replies it returns are those of a committed
    /// turn. When that write conflicts or the storage fails, the turn runs again from the stored state after the
    /// pipeline's pauses; after the last, it runs once more writing as it goes, so the pipeline's own answer to a failing
    /// storage (ask the user to send it again) applies.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> ProcessCommittedAsync(ConversationKey key, Activity activity, ITurnCommitStore store,
        CancellationToken cancellationToken)
    {
        using var lease = await gate.EnterAsync(key.ToString(), cancellationToken);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ConversationKey"] = key.ToString() });
        var cut = CutTooLongText(activity);
        foreach (var pause in StorageRetryDelays)
        {
            var commit = new TurnCommit();
            var replies = await ProcessHeldAsync(key, activity, cut, commit, cancellationToken);
            try
            {
                if (!commit.IsEmpty)
                {
                    await store.CommitAsync(commit, cancellationToken);
                }

                return replies;
            }
            catch (Exception e) when ((e is ConcurrencyConflictException || StorageFailure.Is(e)) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Turn of {ConversationKey} could not be committed; running it again", key.ToString());
                await Task.Delay(pause, clock, cancellationToken);
            }
        }

        return await ProcessHeldAsync(key, activity, cut, commit: null, cancellationToken);
    }

    /// <summary>Runs the turn while the caller holds the conversation's gate.</summary>
    private async Task<IReadOnlyList<Activity>> ProcessHeldAsync(ConversationKey key, Activity activity, bool cut, TurnCommit? commit,
        CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var read = new StateRead();
        var retries = new StorageRetries(clock);
        var conflicts = 0;
        RunResult result;
        while (true)
        {
            try
            {
                commit?.Clear();
                result = await RunOnceAsync(key, activity, cut, read, retries, commit, cancellationToken);
                break;
            }
            catch (ConcurrencyConflictException e) when (conflicts < MaxAttempts - 1)
            {
                conflicts++;
                logger.LogWarning("Turn of {ConversationKey}: state {StateKey} changed during the turn; running it again (attempt {Attempt})",
                    key.ToString(), e.Key, conflicts + 1);
            }
            catch (Exception e) when (retries.Allow(e, cancellationToken))
            {
                logger.LogWarning(e, "Turn of {ConversationKey}: the storage failed; running the turn again (try {Try})",
                    key.ToString(), retries.Tries + 1);
                await retries.PauseAsync(cancellationToken);
            }
            catch (Exception e) when (StorageFailure.Is(e) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(e, "Turn of {ConversationKey}: the storage failed {Tries} times; the user is asked to try again, the state is left as it was",
                    key.ToString(), retries.Tries);
                return await NotSavedAsync(key, activity, read, cancellationToken);
            }
        }

        if (!result.Replayed && !result.Erased)
        {
            if (commit is not null)
            {
                commit.AddTranscript(TranscriptOf(key, activity, result.Replies));
            }
            else
            {
                await WriteTranscriptAsync(key, activity, result.Replies, cancellationToken);
            }
        }

        if (!result.Replayed)
        {
            metrics.RecordTurn(key.Channel, activity.Type ?? "", result.Measures);
        }

        logger.LogInformation("Turn of {ConversationKey}: {ActivityType} done with {ReplyCount} replies in {ElapsedMs} ms",
            key.ToString(), activity.Type, result.Replies.Count, clock.GetElapsedTime(started).TotalMilliseconds);
        return result.Replies;
    }

    /// <summary>
    /// The language of a reply sent outside a turn (a channel's notice about a sticker or an expired button): the same
    /// rule as a turn's, from the user's and the conversation's state, else the client's locale, else Bulgarian.
    /// </summary>
    public async Task<string> ReplyLanguageAsync(ConversationKey key, string? userId, string? clientLocale,
        CancellationToken cancellationToken)
    {
        var user = userId is { Length: > 0 }
            ? Deserialize<UserState>(await stateStore.ReadAsync(key.UserStateKey(userId), cancellationToken))
            : new UserState();
        var conversation = Deserialize<ConversationState>(await stateStore.ReadAsync(key.StateKey, cancellationToken));
        return TurnContext.LanguageOf(user, conversation) ?? Lang.FromLocale(clientLocale) ?? Lang.Bg;
    }

    private async Task<RunResult> RunOnceAsync(ConversationKey key, Activity activity, bool cut, StateRead read,
        StorageRetries retries, TurnCommit? commit, CancellationToken cancellationToken)
    {
        var conversationEntry = await stateStore.ReadAsync(key.StateKey, cancellationToken);
        var conversation = Deserialize<ConversationState>(conversationEntry);
        if (activity.Id is { } activityId && conversation.LastTurn?.ActivityId == activityId)
        {
            logger.LogInformation("Turn of {ConversationKey}: activity {ActivityId} was handled before; sending its replies again", key.ToString(), activityId);
            // Stored without their addressing (older documents with it): addressed again from the same activity.
            AddressAll(conversation.LastTurn.Replies, activity);
            return new RunResult(conversation.LastTurn.Replies, Replayed: true, Erased: false, []);
        }

        if (activity.Id is { } seenId && conversation.EarlierActivityIds.Contains(seenId))
        {
            logger.LogInformation("Turn of {ConversationKey}: activity {ActivityId} was handled before another turn; nothing to run",
                key.ToString(), seenId);
            return new RunResult([], Replayed: true, Erased: false, []);
        }

        var userKey = UserKey(key, activity);
        var userEntry = userKey is null ? null : await stateStore.ReadAsync(userKey, cancellationToken);
        read.Remember(conversationEntry, userEntry);
        var user = Deserialize<UserState>(userEntry);
        NoteLanguages(conversation, activity);

        var participantKey = activity.From?.Id is { Length: > 0 } senderId
            ? participants.For(key.Channel, senderId)
            : null;
        if (participantKey is not null && !conversation.ParticipantLinked)
        {
            await privacy.LinkAsync(new ParticipantLink(participantKey, key.Channel, key.ConversationId, key.ToString(),
                userKey, clock.GetUtcNow()), cancellationToken);
            conversation.ParticipantLinked = true;
        }

        var turn = new TurnContext(activity, key, conversation, user, texts(), clock) { ParticipantKey = participantKey };
        try
        {
            await RunDialogsAsync(new DialogContext(turn, dialogs), cut, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not ConcurrencyConflictException && !StorageFailure.Is(e))
        {
            logger.LogError(e, "Turn of {ConversationKey} failed; the dialog stack of this conversation is reset", key.ToString());
            turn.ClearReplies();
            conversation.Stack.Clear();
            turn.Reply(turn.T("error.apology"));
            MainMenu.Show(turn);
        }

        turn.NormalizeSuggestedActions();
        var replies = turn.Replies.ToList();
        if (turn.Erased)
        {
            // Everything about this participant is gone; saving now would bring the conversation back.
            AddressAll(replies, activity);
            return new RunResult(replies, Replayed: false, Erased: true, turn.Measures);
        }

        if (activity.Id is not null)
        {
            if (conversation.LastTurn is { } previous && previous.ActivityId != activity.Id)
            {
                conversation.EarlierActivityIds.Add(previous.ActivityId);
                if (conversation.EarlierActivityIds.Count > MaxEarlierActivityIds)
                {
                    conversation.EarlierActivityIds.RemoveAt(0);
                }
            }

            // Stored before they are addressed: who they go to and from is the activity's, which a replay has again.
            conversation.LastTurn = new CompletedTurn { ActivityId = activity.Id, Replies = replies };
        }

        // The user's document first: the conversation's document (with LastTurn) is the commit point of the turn.
        if (userKey is not null)
        {
            await SaveIfChangedAsync(userKey, user, userEntry, retries, commit, cancellationToken);
        }

        await SaveIfChangedAsync(key.StateKey, conversation, conversationEntry, retries, commit, cancellationToken);
        AddressAll(replies, activity);
        return new RunResult(replies, Replayed: false, Erased: false, turn.Measures);
    }

    private async Task RunDialogsAsync(DialogContext dc, bool cut, CancellationToken cancellationToken)
    {
        if (dc.Turn.Activity.Type == ActivityTypes.Message)
        {
            if (dc.Turn.Activity.Attachments is { Count: > 0 })
            {
                dc.Turn.Reply(dc.Turn.T("input.attachments-ignored"));
                if (dc.Turn.Text.Length == 0)
                {
                    await RepromptOrMenuAsync(dc, cancellationToken);
                    return;
                }
            }

            if (cut)
            {
                // Only the beginning is kept (the channel stored no more); a cut message is not taken as an answer.
                dc.Turn.Reply(dc.Turn.T("input.too-long", ("max", MaxTextLength)));
                await RepromptOrMenuAsync(dc, cancellationToken);
                return;
            }

            var folded = CommandWords.Fold(dc.Turn.Text);
            var command = folded.Length == 0 ? null : _commands.FirstOrDefault(c => c.Matches(folded));
            if (command is not null)
            {
                await command.ExecuteAsync(dc, cancellationToken);
                return;
            }

            if (dc.ActiveFrame is not null && await dc.ContinueDialogAsync(cancellationToken) is not null)
            {
                return;
            }
        }

        if (LanguageCommand.FromEvent(dc.Turn.Activity) is { } chosen)
        {
            dc.RemoveFrom(LanguageDialog.DialogId);
            await LanguageDialog.SwitchAsync(dc, chosen, cancellationToken, greet: true);
            return;
        }

        if (InvitationEvent(dc.Turn.Activity) is { } payload)
        {
            await deepLinks.StartAsync(dc, payload, cancellationToken);
            return;
        }

        await root.HandleAsync(dc, cancellationToken);
    }

    private static async Task RepromptOrMenuAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (dc.ActiveFrame is not null)
        {
            await dc.RepromptAsync(cancellationToken);
        }
        else
        {
            MainMenu.Show(dc.Turn);
        }
    }

    private void AddressAll(IEnumerable<Activity> replies, Activity inbound)
    {
        foreach (var reply in replies)
        {
            Address(reply, inbound);
        }
    }

    private void Address(Activity reply, Activity inbound)
    {
        reply.ChannelId = inbound.ChannelId;
        reply.Conversation = inbound.Conversation is { } c ? new ConversationAccount { Id = c.Id } : null;
        var lang = Lang.FromLocale(reply.Locale) ?? Lang.Bg;
        reply.From = new ChannelAccount { Id = bot.Id, Name = texts().Get(lang, "bot.name"), Role = "bot" };
        reply.Recipient = inbound.From is { } f ? new ChannelAccount { Id = f.Id, Role = "user" } : null;
        reply.ReplyToId = inbound.Id;
        reply.ServiceUrl = inbound.ServiceUrl;
    }

    /// <summary>
    /// Writes the document unless it is unchanged. A write the storage failed is tried again on its own: running the
    /// dialogs again would repeat what they stored (an unanswered question, a consent) before it.
    /// </summary>
    private async Task SaveIfChangedAsync<T>(string key, T state, StateEntry? loaded, StorageRetries retries, TurnCommit? commit,
        CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(state, DialogJson.Options);
        if (loaded is not null && loaded.Json == json)
        {
            return;
        }

        if (commit is not null)
        {
            commit.AddState(new StateWrite(key, json, loaded?.ETag, Guid.NewGuid().ToString("N")));
            return;
        }

        while (true)
        {
            try
            {
                await stateStore.WriteAsync(key, json, loaded?.ETag, cancellationToken);
                return;
            }
            catch (Exception e) when (retries.Allow(e, cancellationToken))
            {
                logger.LogWarning(e, "Turn: writing the state {StateKey} failed; writing it again (try {Try})", key, retries.Tries + 1);
                await retries.PauseAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// Records the committed turn, trying again after the same pauses when the storage fails. When it keeps failing the
    /// turn stands without its transcript entries: its state is saved, so asking the user to send the message again would
    /// have it taken as the answer to the next question.
    /// </summary>
    private async Task WriteTranscriptAsync(ConversationKey key, Activity inbound, IReadOnlyList<Activity> replies,
        CancellationToken cancellationToken)
    {
        var entries = TranscriptOf(key, inbound, replies);
        var retries = new StorageRetries(clock);
        while (true)
        {
            try
            {
                await transcripts.AppendAsync(entries, cancellationToken);
                return;
            }
            catch (Exception e) when (retries.Allow(e, cancellationToken))
            {
                logger.LogWarning(e, "Turn of {ConversationKey}: writing the transcript failed; writing it again (try {Try})",
                    key.ToString(), retries.Tries + 1);
                await retries.PauseAsync(cancellationToken);
            }
            catch (Exception e) when (StorageFailure.Is(e) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(e, "Turn of {ConversationKey}: its transcript entries could not be stored; the turn stands without them",
                    key.ToString());
                return;
            }
        }
    }

    private List<TranscriptEntry> TranscriptOf(ConversationKey key, Activity inbound, IReadOnlyList<Activity> replies)
    {
        var now = clock.GetUtcNow();
        var conversationKey = key.ToString();
        var entries = new List<TranscriptEntry>(replies.Count + 1)
        {
            new(conversationKey, TranscriptEntry.Inbound, inbound.Id, inbound.Timestamp ?? now, ActivityJson.Serialize(inbound)),
        };
        foreach (var reply in replies)
        {
            entries.Add(new TranscriptEntry(conversationKey, TranscriptEntry.Outbound, reply.Id, now, ActivityJson.Serialize(reply)));
        }

        return entries;
    }

    /// <summary>
    /// The reply to a message whose turn could not be stored: the note that it was not saved, in the user's language, and
    /// what the conversation waits for asked again (with its buttons; a channel may have retired the pressed ones), from
    /// the state as it was read. Nothing is saved, so the same message sent again is taken as it would have been. A
    /// channel's notice (a member joining, an event) gets no reply: the user has said nothing to repeat.
    /// </summary>
    private async Task<IReadOnlyList<Activity>> NotSavedAsync(ConversationKey key, Activity activity, StateRead read,
        CancellationToken cancellationToken)
    {
        if (activity.Type != ActivityTypes.Message)
        {
            return [];
        }

        var conversation = Deserialize<ConversationState>(read.Conversation);
        NoteLanguages(conversation, activity);
        var turn = new TurnContext(activity, key, conversation, Deserialize<UserState>(read.User), texts(), clock);
        var dc = new DialogContext(turn, dialogs);
        var note = turn.T(dc.ActiveDialog is null ? "error.not-saved" : "error.not-saved-answer");
        turn.Reply(note);
        try
        {
            await dc.RepromptAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Turn of {ConversationKey}: the waiting question could not be asked again", key.ToString());
            turn.ClearReplies();
            turn.Reply(note);
        }

        turn.NormalizeSuggestedActions();
        var replies = turn.Replies.ToList();
        AddressAll(replies, activity);
        return replies;
    }

    /// <summary>
    /// The language a typed message is in; null when it does not tell: too short ("ok", "2", an emoji), a slash
    /// command, or a single Latin word (a name, a button word, "klingon").
    /// </summary>
    private static string? WrittenLanguage(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.TrimStart().StartsWith('/') || text.Count(char.IsLetter) < 4)
        {
            return null;
        }

        var language = LanguageDetector.Detect(text);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return language == Lang.En && words < 2 ? null : language;
    }

    /// <summary>Cuts a message longer than <see cref="MaxTextLength"/> to its beginning; true when it did.</summary>
    private static bool CutTooLongText(Activity activity)
    {
        if (activity.Type != ActivityTypes.Message || activity.Text is not { Length: > MaxTextLength } text)
        {
            return false;
        }

        activity.Text = text[..MaxTextLength];
        return true;
    }

    /// <summary>What the activity tells about the language: the client's locale, and the language a typed message is in.</summary>
    private static void NoteLanguages(ConversationState conversation, Activity activity)
    {
        if (Lang.FromLocale(activity.Locale) is { } clientLanguage)
        {
            conversation.ClientLanguage = clientLanguage;
        }

        // Inside a survey the language changes only when asked for (the command, the button): one answer written in
        // another language ("Shorter presentations, more Q&A") must not switch the rest of the survey.
        if (activity.Type == ActivityTypes.Message && !conversation.Stack.Any(f => f.DialogId == SurveyDialog.DialogId)
            && WrittenLanguage(activity.Text) is { } written)
        {
            conversation.TextLanguage = written;
        }
    }

    /// <summary>The code of the web page's invitation event (<see cref="SurveyDeepLinks.EventName"/>); null for other activities.</summary>
    private static string? InvitationEvent(Activity activity) =>
        activity.Type == ActivityTypes.Event && activity.Name == SurveyDeepLinks.EventName
            && activity.Value is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var code)
            && code.Length is > 0 and <= 64
            ? code
            : null;

    private static string? UserKey(ConversationKey key, Activity activity) =>
        activity.From?.Id is { Length: > 0 } userId ? key.UserStateKey(userId) : null;

    private static T Deserialize<T>(StateEntry? entry) where T : new() =>
        entry is null ? new T() : JsonSerializer.Deserialize<T>(entry.Json, DialogJson.Options) ?? new T();

    private sealed record RunResult(IReadOnlyList<Activity> Replies, bool Replayed, bool Erased, IReadOnlyList<TurnMeasure> Measures);

    /// <summary>
    /// A turn's (or its transcript's) allowance of storage failures: each one allowed costs the next of
    /// <see cref="StorageRetryDelays"/>; when they are spent, the failure stands.
    /// </summary>
    private sealed class StorageRetries(TimeProvider clock)
    {
        private int _paused;

        /// <summary>The tries made so far, the current one included.</summary>
        public int Tries => _paused + 1;

        /// <summary>Whether the exception is a storage failure that may be retried (after <see cref="PauseAsync"/>).</summary>
        public bool Allow(Exception exception, CancellationToken cancellationToken) =>
            StorageFailure.Is(exception) && _paused < StorageRetryDelays.Count && !cancellationToken.IsCancellationRequested;

        public Task PauseAsync(CancellationToken cancellationToken) => Task.Delay(StorageRetryDelays[_paused++], clock, cancellationToken);
    }

    /// <summary>The state documents the latest run read: what a reply to a failed turn is built from.</summary>
    private sealed class StateRead
    {
        public StateEntry? Conversation { get; private set; }

        public StateEntry? User { get; private set; }

        public void Remember(StateEntry? conversation, StateEntry? user)
        {
            Conversation = conversation;
            User = user;
        }
    }
}
