using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Assistant.Core.Tests.Conversation;

/// <summary>
/// The state documents and activities are serialized with source-generated metadata. Documents stored before that
/// (by the reflection-based serializer, with Cyrillic escaped) must still load; what is written now is what the
/// reflection-based serializer writes with the same settings, byte for byte: an unchanged document is recognised by
/// its text and is not written again.
/// </summary>
public sealed class StateDocumentJsonTests
{
    // A conversation state document as the reflection-based serializer stored it: a survey on the stack, the last
    // answer, a paused survey and the last turn's reply (Cyrillic escaped, as that serializer's default encoder does).
    private const string StoredConversationState = """
        {"stack":[{"dialogId":"survey","contentVersion":"v7","state":{"surveyId":"workshop-feedback","index":2,"answers":{"overall-rating":5}}}],"clientLanguage":"bg","textLanguage":"bg","lastAnswer":{"entryId":"icc","contentVersion":"v7","question":"\u041A\u0430\u043A\u0432\u043E \u0435 ICC?","language":"bg","rated":false},"pausedSurveys":{"e-government-participation":"5f0c1d2e-3a4b-4c5d-8e6f-708192a3b4c5"},"surveyInvited":true,"participantLinked":false,"greeted":true,"earlierActivityIds":["c1|0000003"],"lastTurn":{"activityId":"c1|0000004","replies":[{"type":"message","text":"\u0412\u044A\u043F\u0440\u043E\u0441 3 \u043E\u0442 6","locale":"bg-BG","suggestedActions":{"actions":[{"type":"imBack","title":"5","value":"5"}]}}]}}
        """;

    private const string StoredUserState = """{"language":"en"}""";

    // The same document as it is written now: text as it is, not escaped.
    private const string CompactConversationState = """
        {"stack":[{"dialogId":"survey","contentVersion":"v7","state":{"surveyId":"workshop-feedback","index":2,"answers":{"overall-rating":5}}}],"clientLanguage":"bg","textLanguage":"bg","lastAnswer":{"entryId":"icc","contentVersion":"v7","question":"Какво е ICC?","language":"bg","rated":false},"pausedSurveys":{"e-government-participation":"5f0c1d2e-3a4b-4c5d-8e6f-708192a3b4c5"},"surveyInvited":true,"participantLinked":false,"greeted":true,"earlierActivityIds":["c1|0000003"],"lastTurn":{"activityId":"c1|0000004","replies":[{"type":"message","text":"Въпрос 3 от 6","locale":"bg-BG","suggestedActions":{"actions":[{"type":"imBack","title":"5","value":"5"}]}}]}}
        """;

    [Fact]
    public void A_conversation_state_stored_before_loads_and_is_written_back_with_its_text_unescaped()
    {
        var state = JsonSerializer.Deserialize<ConversationState>(StoredConversationState, DialogJson.Options)!;

        Assert.Equal("survey", Assert.Single(state.Stack).DialogId);
        Assert.Equal(2, state.Stack[0].State!.Value.GetProperty("index").GetInt32());
        Assert.Equal("Какво е ICC?", state.LastAnswer!.Question);
        Assert.Equal(Guid.Parse("5f0c1d2e-3a4b-4c5d-8e6f-708192a3b4c5"), state.PausedSurveys["e-government-participation"]);
        Assert.True(state.Greeted);
        Assert.Equal("Въпрос 3 от 6", Assert.Single(state.LastTurn!.Replies).Text);
        Assert.Equal("5", state.LastTurn.Replies[0].SuggestedActions!.Actions[0].Value);

        var written = JsonSerializer.Serialize(state, DialogJson.Options);
        Assert.Equal(CompactConversationState, written);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(written) < System.Text.Encoding.UTF8.GetByteCount(StoredConversationState));
        Assert.Equal(written, JsonSerializer.Serialize(JsonSerializer.Deserialize<ConversationState>(written, DialogJson.Options), DialogJson.Options));
    }

    [Fact]
    public void A_user_state_stored_before_loads_and_is_written_back_unchanged()
    {
        var state = JsonSerializer.Deserialize<UserState>(StoredUserState, DialogJson.Options)!;

        Assert.Equal("en", state.Language);
        Assert.Equal(StoredUserState, JsonSerializer.Serialize(state, DialogJson.Options));
    }

    [Fact]
    public void State_documents_are_written_as_the_reflection_based_serializer_writes_them()
    {
        var state = new ConversationState
        {
            Stack = [new DialogFrame { DialogId = "menu", State = JsonSerializer.SerializeToElement(new { choice = "езици & <теми>" }) }],
            TextLanguage = "en",
            PendingSuggestion = new KnowledgeSuggestionRecord
            {
                Question = "opening hours?", Language = "en", Candidates = [new UnansweredCandidate("hours", 0.42)], Buttons = ["Yes", "No"],
            },
            TeamCandidate = "Кой отговаря за „Иновативна София“?",
            EarlierActivityIds = ["a", "b"],
            LastTurn = new CompletedTurn { ActivityId = "c|1", Replies = [RichActivity()] },
        };

        Assert.Equal(JsonSerializer.Serialize(state, Reflection(DialogJson.Options)), JsonSerializer.Serialize(state, DialogJson.Options));
    }

    [Fact]
    public void Activities_are_written_as_the_reflection_based_serializer_writes_them_and_read_back_whole()
    {
        var activity = RichActivity();

        var written = ActivityJson.Serialize(activity);

        Assert.Equal(JsonSerializer.Serialize(activity, Reflection(ActivityJson.Options)), written);
        Assert.Contains("\"timestamp\":\"2026-05-20T10:15:31.002Z\"", written, StringComparison.Ordinal);
        Assert.Contains("Въпрос", written, StringComparison.Ordinal);
        var read = ActivityJson.Deserialize(written);
        Assert.Equal(written, ActivityJson.Serialize(read));
        Assert.Equal("p8x2k1m9q0z", read.ClientActivityId);
        Assert.Equal("stream", read.Extra!["deliveryMode"].GetString());
    }

    [Fact]
    public void Activities_and_state_documents_use_the_generated_metadata()
    {
        Assert.IsType<ActivityJsonContext>(ActivityJson.Options.GetTypeInfo(typeof(Activity)).OriginatingResolver);
        Assert.IsType<DialogJsonContext>(DialogJson.Options.GetTypeInfo(typeof(ConversationState)).OriginatingResolver);
        Assert.IsType<DialogJsonContext>(DialogJson.Options.GetTypeInfo(typeof(UserState)).OriginatingResolver);
    }

    private static Activity RichActivity() => ActivityJson.Deserialize("""
        {"type":"message","id":"c7f|0000005","timestamp":"2026-05-20T10:15:31.002Z","localTimestamp":"2026-05-20T12:15:30.123+02:00",
         "channelId":"directline","conversation":{"id":"c7f"},"from":{"id":"bot","name":"Асистент","role":"bot"},
         "recipient":{"id":"r_k3j9x0a1b2","role":"user"},"replyToId":"c7f|0000004","locale":"bg-BG","textFormat":"markdown",
         "text":"Въпрос 2 от 6: **Доколко** срещата беше полезна? <b>&</b>","inputHint":"expectingInput","name":"reply",
         "value":{"code":"x1","n":[1,2.5,null]},"attachments":[{"contentType":"application/vnd.microsoft.card.hero","content":{"title":"Т"}}],
         "suggestedActions":{"to":["r_k3j9x0a1b2"],"actions":[{"type":"imBack","title":"5","value":"5"},{"type":"messageBack","title":"Да","text":"yes","displayText":"Да"}]},
         "channelData":{"clientActivityID":"p8x2k1m9q0z"},"entities":[{"type":"ClientCapabilities","requiresBotState":true}],
         "membersAdded":[{"id":"u1","name":"Ина"}],"deliveryMode":"stream"}
        """);

    /// <summary>The same settings with the reflection-based resolver only: what the stores wrote before.</summary>
    private static JsonSerializerOptions Reflection(JsonSerializerOptions options) =>
        new(options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
}
