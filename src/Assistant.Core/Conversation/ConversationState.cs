using System.Text.Json.Serialization;
using Assistant.Core.Activities;

namespace Assistant.Core.Conversation;

/// <summary>What the assistant remembers about one conversation between turns.</summary>
public sealed class ConversationState
{
    /// <summary>The dialog stack; the last frame is the active dialog.</summary>
    [JsonPropertyName("stack")]
    public List<DialogFrame> Stack { get; set; } = [];

    /// <summary>Language of the client (from the activity locale) when the user has not chosen one.</summary>
    [JsonPropertyName("clientLanguage")]
    public string? ClientLanguage { get; set; }

    /// <summary>Language of the user's last typed message (detected per message); wins over the client's locale.</summary>
    [JsonPropertyName("textLanguage")]
    public string? TextLanguage { get; set; }

    /// <summary>The knowledge entry answered last, so a follow-up question is read in its context.</summary>
    [JsonPropertyName("lastKnowledgeId")]
    public string? LastKnowledgeId { get; set; }

    /// <summary>The last knowledge answer, so "👍" / "👎" right after it are read as feedback on it.</summary>
    [JsonPropertyName("lastAnswer")]
    public KnowledgeAnswerRecord? LastAnswer { get; set; }

    /// <summary>The "did you mean" just offered; a next message that takes none of it sends the question to staff.</summary>
    [JsonPropertyName("pendingSuggestion")]
    public KnowledgeSuggestionRecord? PendingSuggestion { get; set; }

    /// <summary>The question the assistant could not answer (or answered unhelpfully), offered to the team on "Ask the team".</summary>
    [JsonPropertyName("teamCandidate")]
    public string? TeamCandidate { get; set; }

    /// <summary>Surveys paused in this conversation (survey id → response id), offered for resuming.</summary>
    [JsonPropertyName("pausedSurveys")]
    public Dictionary<string, Guid> PausedSurveys { get; set; } = [];

    /// <summary>Whether the assistant has mentioned its surveys after an answer (it does so once).</summary>
    [JsonPropertyName("surveyInvited")]
    public bool SurveyInvited { get; set; }

    /// <summary>Whether this conversation is recorded as the participant's (so /forget reaches it).</summary>
    [JsonPropertyName("participantLinked")]
    public bool ParticipantLinked { get; set; }

    [JsonPropertyName("greeted")]
    public bool Greeted { get; set; }

    /// <summary>
    /// The last inbound activity this conversation completed and the replies it produced. A turn that is run again
    /// after a crash (same activity id) re-sends these replies instead of running the dialogs twice.
    /// </summary>
    /// <summary>
    /// Ids of inbound activities completed before <see cref="LastTurn"/> (the most recent 64). A turn of one of them run
    /// again — by a second instance with a stale view of the log — has nothing to do.
    /// </summary>
    [JsonPropertyName("earlierActivityIds")]
    public List<string> EarlierActivityIds { get; set; } = [];

    [JsonPropertyName("lastTurn")]
    public CompletedTurn? LastTurn { get; set; }
}

public sealed class CompletedTurn
{
    [JsonPropertyName("activityId")]
    public required string ActivityId { get; init; }

    /// <summary>
    /// The replies as the dialogs made them, without their addressing (channel, conversation, sender, recipient, reply-to
    /// id, service URL), which a replay takes again from the same activity. Documents stored with it still load.
    /// </summary>
    [JsonPropertyName("replies")]
    public List<Activity> Replies { get; init; } = [];
}

/// <summary>A knowledge answer given in a conversation: which entry, from which content, to which question.</summary>
public sealed class KnowledgeAnswerRecord
{
    [JsonPropertyName("entryId")]
    public required string EntryId { get; init; }

    [JsonPropertyName("contentVersion")]
    public required string ContentVersion { get; init; }

    [JsonPropertyName("question")]
    public required string Question { get; init; }

    [JsonPropertyName("language")]
    public required string Language { get; init; }

    /// <summary>Set once feedback was given, so a second tap is not counted twice.</summary>
    [JsonPropertyName("rated")]
    public bool Rated { get; set; }
}

/// <summary>A "did you mean" offered: the question, the entries offered (with scores) and the buttons' texts.</summary>
public sealed class KnowledgeSuggestionRecord
{
    [JsonPropertyName("question")]
    public required string Question { get; init; }

    [JsonPropertyName("language")]
    public required string Language { get; init; }

    [JsonPropertyName("candidates")]
    public List<UnansweredCandidate> Candidates { get; init; } = [];

    [JsonPropertyName("buttons")]
    public List<string> Buttons { get; init; } = [];
}

/// <summary>A knowledge entry offered for a question, with its score.</summary>
public sealed record UnansweredCandidate(string Id, double Score);
