using System.Text.Json.Nodes;
using Assistant.Core.Activities;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.Language;

namespace Assistant.Core.Knowledge;

/// <summary>
/// Answers a free-text question from the knowledge base: a confident answer with its follow-ups and a "helpful?" pair
/// as buttons, "did you mean…" when two or three entries are close, a request that is really a command runs the
/// command, or an honest fallback that records the question for staff and still offers the closest topics and the menu.
/// </summary>
public sealed class KnowledgeResponder(
    IKnowledgeSource knowledge,
    IUnansweredStore unanswered,
    IKnowledgeFeedbackStore feedback,
    IEnumerable<IGlobalCommand> commands)
{
    public const int MaxButtons = 3;

    private const string ThumbsUp = "👍";
    private const string ThumbsDown = "👎";

    public async Task RespondAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        if (await TryFeedbackAsync(turn, cancellationToken))
        {
            return;
        }

        var matcher = knowledge.Current;
        var match = matcher.Match(turn.Text, contextEntryId: turn.Conversation.LastKnowledgeId);
        var lang = turn.Language;
        switch (match.Band)
        {
            case MatchBand.Answer when matcher.Knowledge.Find(match.Top!.Id) is { Kind: KnowledgeKind.Command, Command: { } command }
                && Find(command) is { } globalCommand:
                // "Искам отговорите на английски": the request runs as if the command had been typed.
                turn.Conversation.LastAnswer = null;
                turn.RewrittenText = command;
                await globalCommand.ExecuteAsync(dc, cancellationToken);
                return;
            case MatchBand.Answer when matcher.Knowledge.Find(match.Top!.Id) is { Kind: not KnowledgeKind.Command } entry:
                turn.Conversation.TeamCandidate = null;
                Answer(turn, matcher, entry, match.Top.Score);
                turn.Measure(TurnMeasureKind.KnowledgeAnswered);
                return;
            case MatchBand.Suggest:
                var offered = Topics(matcher, match).Take(MaxButtons).ToList();
                if (offered.Count > 0)
                {
                    var buttons = offered.Select(o => ButtonFor(o.Entry, lang)).ToList();
                    turn.Reply(turn.T("knowledge.did-you-mean"), buttons);
                    turn.Conversation.LastAnswer = null;
                    turn.Conversation.PendingSuggestion = new KnowledgeSuggestionRecord
                    {
                        Question = turn.Text,
                        Language = match.Language,
                        Candidates = offered.Select(o => new UnansweredCandidate(o.Entry.Id, Math.Round(o.Score, 3))).ToList(),
                        Buttons = buttons.Select(b => b.Value!).ToList(),
                    };
                    turn.Measure(TurnMeasureKind.KnowledgeDidYouMean);
                    return;
                }

                break;
        }

        await RecordAsync(turn, turn.Text, match.Language,
            match.Candidates.Take(MaxButtons).Select(c => new UnansweredCandidate(c.Id, Math.Round(c.Score, 3))).ToList(), cancellationToken);
        turn.Conversation.LastKnowledgeId = null;
        turn.Conversation.LastAnswer = null;
        turn.Conversation.TeamCandidate = turn.Text;
        // The menu below holds "Ask the team"; the fallback says what it does.
        turn.Reply(turn.T("knowledge.fallback") + "\n\n" + turn.T("team.offer"));
        turn.Measure(TurnMeasureKind.KnowledgeFallback);
        var closest = Topics(matcher, match).Where(o => o.Score > 0).Take(MaxButtons).Select(o => ButtonFor(o.Entry, lang)).ToList();
        if (closest.Count == 0)
        {
            MainMenu.Show(turn);
            return;
        }

        turn.Reply(turn.T("knowledge.closest"), closest.Concat(MainMenu.Items(turn)));
    }

    /// <summary>
    /// A "did you mean" offered on the previous turn and not taken now: the question it was about goes to staff with
    /// the candidates. Runs at the start of every message the root dialog handles.
    /// </summary>
    public async Task SettlePendingSuggestionAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Conversation.PendingSuggestion is not { } pending)
        {
            return;
        }

        turn.Conversation.PendingSuggestion = null;
        var folded = TextNormalizer.Fold(turn.Text);
        if (pending.Buttons.Exists(b => TextNormalizer.Fold(b) == folded))
        {
            return;
        }

        await RecordAsync(turn, pending.Question, pending.Language, pending.Candidates, cancellationToken);
    }

    private async Task<bool> TryFeedbackAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var helpful = Feedback(turn);
        if (helpful is null || turn.Conversation.LastAnswer is not { } last)
        {
            return false;
        }

        if (!last.Rated)
        {
            last.Rated = true;
            await feedback.AddAsync(new KnowledgeFeedback(Guid.NewGuid(), last.EntryId, last.ContentVersion, helpful.Value, last.Language,
                turn.Key.Channel, turn.Clock.GetUtcNow()), cancellationToken);
            if (helpful == false)
            {
                await RecordAsync(turn, last.Question, last.Language, [new UnansweredCandidate(last.EntryId, 1)], cancellationToken);
            }
        }

        if (helpful.Value)
        {
            turn.Reply(turn.T("knowledge.feedback-thanks"));
            MainMenu.Show(turn);
            return true;
        }

        turn.Conversation.TeamCandidate = last.Question;
        turn.Reply(turn.T("knowledge.feedback-sorry") + "\n\n" + turn.T("team.offer"));
        MainMenu.Show(turn);
        return true;
    }

    /// <summary>True for "👍" (or its button), false for "👎", null for anything else.</summary>
    private static bool? Feedback(TurnContext turn)
    {
        var text = turn.Text;
        if (text == ThumbsUp || Is(turn, text, "knowledge.feedback-up"))
        {
            return true;
        }

        if (text == ThumbsDown || Is(turn, text, "knowledge.feedback-down"))
        {
            return false;
        }

        return null;

        static bool Is(TurnContext turn, string text, string key) =>
            turn.Texts.Both(key) is var both && (text == both.Bg || text == both.En);
    }

    private Task RecordAsync(TurnContext turn, string question, string language, List<UnansweredCandidate> candidates,
        CancellationToken cancellationToken) =>
        unanswered.AddAsync(new UnansweredQuestion(Guid.NewGuid(), question, language, turn.Key.Channel, turn.Clock.GetUtcNow(),
            candidates, turn.Key.ToString()), cancellationToken);

    private IGlobalCommand? Find(string command)
    {
        var folded = CommandWords.Fold(command);
        return commands.FirstOrDefault(c => c.Matches(folded));
    }

    private IEnumerable<(KnowledgeEntry Entry, double Score)> Topics(KnowledgeMatcher matcher, KnowledgeMatch match) =>
        match.Candidates
            .Select(c => (Entry: matcher.Knowledge.Find(c.Id), c.Score))
            .Where(x => x.Entry is { Kind: KnowledgeKind.Topic })
            .Select(x => (x.Entry!, x.Score));

    private void Answer(TurnContext turn, KnowledgeMatcher matcher, KnowledgeEntry entry, double score)
    {
        var lang = turn.Language;
        if (entry.Kind == KnowledgeKind.SmallTalk)
        {
            turn.Conversation.LastAnswer = null;
            turn.Reply(entry.In(lang).Answer);
            MainMenu.Show(turn);
            return;
        }

        var buttons = entry.FollowUps
            .Select(matcher.Knowledge.Find)
            .OfType<KnowledgeEntry>()
            .Take(MaxButtons)
            .Select(e => ButtonFor(e, lang))
            .Append(CardAction.ImBack(turn.T("knowledge.feedback-up"), turn.T("knowledge.feedback-up")))
            .Append(CardAction.ImBack(turn.T("knowledge.feedback-down"), turn.T("knowledge.feedback-down")))
            .ToList();
        var reply = turn.Reply(entry.In(lang).Answer, buttons);
        reply.ChannelData = new JsonObject
        {
            ["assistant"] = new JsonObject
            {
                ["knowledgeId"] = entry.Id,
                ["contentVersion"] = matcher.Knowledge.Version,
                ["score"] = Math.Round(score, 3),
            },
        };
        turn.Conversation.LastKnowledgeId = entry.Id;
        turn.Conversation.LastAnswer = new KnowledgeAnswerRecord
        {
            EntryId = entry.Id,
            ContentVersion = matcher.Knowledge.Version,
            Question = turn.Text,
            Language = lang,
        };
    }

    /// <summary>
    /// A button that asks for the entry: its first sample question that no global command would take ("What can you
    /// do?" is the help command's), so pressing it gets this entry's answer.
    /// </summary>
    private CardAction ButtonFor(KnowledgeEntry entry, string lang)
    {
        var questions = entry.In(lang).Questions;
        var question = questions.FirstOrDefault(q => Find(q) is null) ?? questions[0];
        return CardAction.ImBack(question, question);
    }
}
