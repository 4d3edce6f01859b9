using Assistant.Core.InMemory;
using Assistant.Core.Privacy;

namespace Assistant.Web.Storage.InMemory;

/// <summary>
/// The in-memory privacy store with the channels' data added: the Direct Line log (scrubbed, numbering kept) and the
/// conversation's user id, the Telegram chat document, the payloads of Telegram updates, the questions to the team and the participant's announcement deliveries. The SQLite and PostgreSQL
/// privacy stores list the same.
/// </summary>
public sealed class InMemoryWebPrivacyStore(
    InMemoryStateStore state,
    InMemoryTranscriptStore transcripts,
    InMemorySurveyResponseStore responses,
    InMemoryUnansweredStore unanswered,
    InMemoryActivityLogStore activityLogs,
    InMemoryProcessedUpdateStore processedUpdates,
    InMemorySubscriptionStore subscriptions,
    InMemoryTeamQuestionStore teamQuestions,
    InMemoryAnnouncementStore announcements) : InMemoryPrivacyStore(state, transcripts, responses, unanswered, subscriptions)
{
    protected override int EraseChannelData(ParticipantLink link) => teamQuestions.RemoveConversation(link.ConversationKey, link.ParticipantKey) + link.Channel switch
    {
        ChannelIds.DirectLine => activityLogs.Scrub(link.ConversationId) + activityLogs.ForgetUser(link.ConversationId),
        ChannelIds.Telegram => State.Remove(ChannelIds.TelegramChatKey(link.ConversationId))
            + processedUpdates.ScrubConversation(link.ConversationId),
        _ => 0,
    };

    protected override int EraseParticipantData(string participantKey) => announcements.RemoveParticipant(participantKey);

    protected override int PurgeChannelData(DateTimeOffset cutoff) => activityLogs.ScrubOlderThan(cutoff) + teamQuestions.RemoveOlderThan(cutoff);
}
