using System.Text.Json.Nodes;
using Assistant.Core.Activities;
using Assistant.Core.Dialogs;
using Assistant.Core.Storage;
using Assistant.Core.Turns;

namespace Assistant.Core.Knowledge;

/// <summary>
/// Answers a free-text question from the knowledge base: a confident answer with its follow-ups as buttons, "did you
/// mean…" when unsure, or an honest fallback that records the question for staff.
/// </summary>
public sealed class KnowledgeResponder(IKnowledgeSource knowledge, IUnansweredStore unanswered)
{
    public const int MaxButtons = 3;

    public async Task RespondAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var matcher = knowledge.Current;
        var match = matcher.Match(turn.Text, contextEntryId: turn.Conversation.LastKnowledgeId);
        var lang = turn.Language;
        switch (match.Band)
        {
            case MatchBand.Answer when matcher.Knowledge.Find(match.Top!.Id) is { } entry:
                Answer(turn, matcher, entry, match.Top.Score);
                return;
            case MatchBand.Suggest:
                var options = match.Candidates
                    .Where(c => c.Score >= matcher.Thresholds.Suggest * 0.75)
                    .Select(c => matcher.Knowledge.Find(c.Id))
                    .OfType<KnowledgeEntry>()
                    .Where(e => e.Kind == KnowledgeKind.Topic)
                    .Take(MaxButtons)
                    .Select(e => ButtonFor(e, lang))
                    .ToList();
                if (options.Count > 0)
                {
                    turn.Reply(turn.T("knowledge.did-you-mean"), options);
                    return;
                }

                break;
        }

        await unanswered.AddAsync(new UnansweredQuestion(Guid.NewGuid(), turn.Text, match.Language, turn.Key.Channel,
            turn.Clock.GetUtcNow(), match.Candidates.Take(MaxButtons).Select(c => new UnansweredCandidate(c.Id, Math.Round(c.Score, 3))).ToList(),
            turn.Key.ToString()),
            cancellationToken);
        turn.Conversation.LastKnowledgeId = null;
        turn.Reply(turn.T("knowledge.fallback"));
        MainMenu.Show(turn);
    }

    private static void Answer(TurnContext turn, KnowledgeMatcher matcher, KnowledgeEntry entry, double score)
    {
        var lang = turn.Language;
        var followUps = entry.FollowUps
            .Select(matcher.Knowledge.Find)
            .OfType<KnowledgeEntry>()
            .Take(MaxButtons)
            .Select(e => ButtonFor(e, lang))
            .ToList();
        if (entry.Kind == KnowledgeKind.SmallTalk)
        {
            turn.Reply(entry.In(lang).Answer);
            MainMenu.Show(turn);
            return;
        }

        var reply = turn.Reply(entry.In(lang).Answer, followUps.Count > 0 ? followUps : null);
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
    }

    private static CardAction ButtonFor(KnowledgeEntry entry, string lang)
    {
        var question = entry.In(lang).Questions[0];
        return CardAction.ImBack(question, question);
    }
}
