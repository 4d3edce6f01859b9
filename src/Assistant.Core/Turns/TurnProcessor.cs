using System.Text.Json;
using Assistant.Core.Activities;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.Language;
using Assistant.Core.Privacy;
using Microsoft.Extensions.Logging;

namespace Assistant.Core.Turns;

/// <summary>
/// Runs one inbound activity through the dialogs, channel-neutral: one turn at a time per conversation, state loaded
/// and saved with eTags (a conflict re-runs the turn), one error boundary, and a transcript of what went in and out.
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
    ParticipantKeys participants)
{
    public const int MaxAttempts = 3;

    /// <summary>Longer messages are cut to this many characters before anything is stored, and answered with a polite note.</summary>
    public const int MaxTextLength = 4000;

    private const int MaxEarlierActivityIds = 64;
    private readonly IReadOnlyList<IGlobalCommand> _commands = commands.ToList();

    public async Task<IReadOnlyList<Activity>> ProcessAsync(ConversationKey key, Activity activity, CancellationToken cancellationToken)
    {
        using var lease = await gate.EnterAsync(key.ToString(), cancellationToken);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ConversationKey"] = key.ToString() });
        var started = clock.GetTimestamp();

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (replies, replayed, erased) = await RunOnceAsync(key, activity, cancellationToken);
                if (!replayed && !erased)
                {
                    await WriteTranscriptAsync(key, activity, replies, cancellationToken);
                }

                logger.LogInformation("Turn of {ConversationKey}: {ActivityType} done with {ReplyCount} replies in {ElapsedMs} ms",
                    key.ToString(), activity.Type, replies.Count, clock.GetElapsedTime(started).TotalMilliseconds);
                return replies;
            }
            catch (ConcurrencyConflictException e) when (attempt < MaxAttempts)
            {
                logger.LogWarning("Turn of {ConversationKey}: state {StateKey} changed during the turn; running it again (attempt {Attempt})",
                    key.ToString(), e.Key, attempt + 1);
            }
        }
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

    private async Task<(IReadOnlyList<Activity> Replies, bool Replayed, bool Erased)> RunOnceAsync(ConversationKey key, Activity activity, CancellationToken cancellationToken)
    {
        var conversationEntry = await stateStore.ReadAsync(key.StateKey, cancellationToken);
        var conversation = Deserialize<ConversationState>(conversationEntry);
        if (activity.Id is { } activityId && conversation.LastTurn?.ActivityId == activityId)
        {
            logger.LogInformation("Turn of {ConversationKey}: activity {ActivityId} was handled before; sending its replies again", key.ToString(), activityId);
            return (conversation.LastTurn.Replies, true, false);
        }

        if (activity.Id is { } seenId && conversation.EarlierActivityIds.Contains(seenId))
        {
            logger.LogInformation("Turn of {ConversationKey}: activity {ActivityId} was handled before another turn; nothing to run",
                key.ToString(), seenId);
            return ([], true, false);
        }

        var userKey = UserKey(key, activity);
        var userEntry = userKey is null ? null : await stateStore.ReadAsync(userKey, cancellationToken);
        var user = Deserialize<UserState>(userEntry);
        if (Lang.FromLocale(activity.Locale) is { } clientLanguage)
        {
            conversation.ClientLanguage = clientLanguage;
        }

        if (activity.Type == ActivityTypes.Message && WrittenLanguage(activity.Text) is { } written)
        {
            conversation.TextLanguage = written;
        }

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
            await RunDialogsAsync(new DialogContext(turn, dialogs), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not ConcurrencyConflictException)
        {
            logger.LogError(e, "Turn of {ConversationKey} failed; the dialog stack of this conversation is reset", key.ToString());
            turn.ClearReplies();
            conversation.Stack.Clear();
            turn.Reply(turn.T("error.apology"));
            MainMenu.Show(turn);
        }

        turn.NormalizeSuggestedActions();
        var replies = turn.Replies.ToList();
        foreach (var reply in replies)
        {
            Address(reply, activity);
        }

        if (turn.Erased)
        {
            // Everything about this participant is gone; saving now would bring the conversation back.
            return (replies, false, true);
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

            conversation.LastTurn = new CompletedTurn { ActivityId = activity.Id, Replies = replies };
        }

        // The user's document first: the conversation's document (with LastTurn) is the commit point of the turn.
        if (userKey is not null)
        {
            await SaveIfChangedAsync(userKey, user, userEntry, cancellationToken);
        }

        await SaveIfChangedAsync(key.StateKey, conversation, conversationEntry, cancellationToken);
        return (replies, false, false);
    }

    private async Task RunDialogsAsync(DialogContext dc, CancellationToken cancellationToken)
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

            if (dc.Turn.Activity.Text is { Length: > MaxTextLength })
            {
                // Only the beginning is kept (the channel stored no more); a cut message is not taken as an answer.
                dc.Turn.Activity.Text = dc.Turn.Activity.Text[..MaxTextLength];
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

    private async Task SaveIfChangedAsync<T>(string key, T state, StateEntry? loaded, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(state, DialogJson.Options);
        if (loaded is not null && loaded.Json == json)
        {
            return;
        }

        await stateStore.WriteAsync(key, json, loaded?.ETag, cancellationToken);
    }

    private async Task WriteTranscriptAsync(ConversationKey key, Activity inbound, IReadOnlyList<Activity> replies,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var entries = new List<TranscriptEntry>(replies.Count + 1)
        {
            new(key.ToString(), TranscriptEntry.Inbound, inbound.Id, inbound.Timestamp ?? now, ActivityJson.Serialize(inbound)),
        };
        entries.AddRange(replies.Select(r =>
            new TranscriptEntry(key.ToString(), TranscriptEntry.Outbound, r.Id, now, ActivityJson.Serialize(r))));
        await transcripts.AppendAsync(entries, cancellationToken);
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

    private static string? UserKey(ConversationKey key, Activity activity) =>
        activity.From?.Id is { Length: > 0 } userId ? key.UserStateKey(userId) : null;

    private static T Deserialize<T>(StateEntry? entry) where T : new() =>
        entry is null ? new T() : JsonSerializer.Deserialize<T>(entry.Json, DialogJson.Options) ?? new T();
}
