using Assistant.Web.Announcements;
using Assistant.Core.Subscriptions;
using System.Text.Json.Nodes;
using Assistant.Core.Conversation;
using Assistant.Core.Knowledge;
using Assistant.Core.Privacy;
using Assistant.Core.Surveys;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Channels.Telegram;

namespace Assistant.Web.Tests.Storage;

/// <summary>
/// What every <see cref="IPrivacyStore"/> must do, over the other stores of the same backend: export everything linked
/// to a participant, erase it (keeping Direct Line numbering) without touching anyone else, and purge what is past
/// retention. One case per kind of personal data; <see cref="PersonalTables"/> lists the tables they cover.
/// </summary>
public abstract class PrivacyStoreConformance : StoreSetConformance
{
    [Fact]
    public async Task Export_gathers_consents_responses_links_and_transcripts_of_the_participant()
    {
        var seeded = await SeedAsync("p_alice", "convA");
        await SeedAsync("p_bob", "convB");

        var data = await Stores.Privacy.ExportAsync("p_alice", Ct);

        Assert.Equal("p_alice", data.ParticipantKey);
        Assert.Equal([seeded.Consent], data.Consents);
        var response = Assert.Single(data.Responses);
        Assert.Equal(seeded.Response, response.Response);
        Assert.Equal(["mood"], response.Answers.Select(a => a.QuestionId));
        Assert.Equal([seeded.Link], data.Conversations);
        Assert.Equal(2, data.TranscriptEntries);
        Assert.Empty((await Stores.Privacy.ExportAsync("p_nobody", Ct)).Conversations);
    }

    [Fact]
    public async Task Subscriptions_are_exported_and_erased_with_the_participant_and_no_one_else()
    {
        var s = Stores;
        var alice = new Subscription("p_alice", SubscriptionTopics.Surveys, "telegram", "4101", "bg", T0);
        var bob = new Subscription("p_bob", SubscriptionTopics.Surveys, "telegram", "4102", "en", T0);
        await s.Subscriptions.SubscribeAsync(alice, Ct);
        await s.Subscriptions.SubscribeAsync(alice with { Topic = SubscriptionTopics.Results }, Ct);
        await s.Subscriptions.SubscribeAsync(bob, Ct);

        Assert.Equal([SubscriptionTopics.Results, SubscriptionTopics.Surveys],
            (await s.Privacy.ExportAsync("p_alice", Ct)).Subscriptions!.Select(x => x.Topic));
        Assert.True(await s.Privacy.EraseAsync("p_alice", Ct) >= 2);

        Assert.Empty((await s.Privacy.ExportAsync("p_alice", Ct)).Subscriptions!);
        Assert.Empty(await s.Subscriptions.ListAsync("p_alice", Ct));
        Assert.Equal([bob], await s.Subscriptions.ListAsync("p_bob", Ct));
    }

    [Fact]
    public async Task Forgetting_removes_the_participants_announcement_deliveries_pending_or_not_and_no_one_elses()
    {
        var s = Stores;
        var announcement = new Announcement(Guid.NewGuid(), SubscriptionTopics.Events, "Събитие", "Event", null, "ada", T0, T0);
        await s.Announcements.AddAsync(announcement, Ct);
        await s.Announcements.AddRecipientsAsync(announcement.Id,
        [
            new AnnouncementRecipient(announcement.Id, "p_alice", "telegram", "4101", "bg", RecipientState.Pending, T0),
            new AnnouncementRecipient(announcement.Id, "p_bob", "telegram", "4102", "en", RecipientState.Pending, T0),
        ], Ct);

        Assert.True(await s.Privacy.EraseAsync("p_alice", Ct) >= 1);

        Assert.Equal(["p_bob"], (await s.Announcements.ListPendingAsync(announcement.Id, 10, Ct)).Select(r => r.ParticipantKey));
        Assert.False(await s.Announcements.TryClaimAsync(announcement.Id, "p_alice", T0, Ct));
        Assert.Equal(1, (await s.Announcements.CountAsync(announcement.Id, Ct)).Total);
    }

    [Fact]
    public async Task Linking_the_same_conversation_twice_keeps_one_link()
    {
        var link = new ParticipantLink("p_alice", "directline", "convA", "directline/convA", "directline/users/dl_a", T0);

        await Stores.Privacy.LinkAsync(link, Ct);
        await Stores.Privacy.LinkAsync(link with { FirstSeen = T0.AddDays(1) }, Ct);

        Assert.Equal([link], (await Stores.Privacy.ExportAsync("p_alice", Ct)).Conversations);
    }

    [Fact]
    public async Task Erasing_removes_everything_of_the_participant_and_nothing_of_anyone_else()
    {
        await SeedAsync("p_alice", "convA");
        var bob = await SeedAsync("p_bob", "convB");
        var anonymous = new SurveyResponse(Guid.NewGuid(), "feedback", 1, null, "directline", T0, null, ResponseStatus.InProgress);
        await Stores.Surveys.StartAsync(anonymous, Ct);
        await Stores.Surveys.SaveAnswerAsync(new SurveyAnswer(anonymous.Id, "rating", """{"value":5}""", T0), Ct);
        var logBefore = await Stores.ActivityLog.ReadAfterAsync("convA", 0, 100, Ct);

        Assert.True(await Stores.Privacy.EraseAsync("p_alice", Ct) > 0);

        var erased = await Stores.Privacy.ExportAsync("p_alice", Ct);
        Assert.Empty(erased.Consents);
        Assert.Empty(erased.Responses);
        Assert.Empty(erased.Conversations);
        Assert.Equal(0, erased.TranscriptEntries);
        Assert.Empty(await Stores.Transcripts.ReadAsync("directline/convA", Ct));
        Assert.Null(await Stores.State.ReadAsync("directline/conversations/convA", Ct));
        Assert.Null(await Stores.State.ReadAsync("directline/users/dl_convA", Ct));
        Assert.DoesNotContain(await Stores.Unanswered.ListAsync(100, Ct), q => q.ConversationKey == "directline/convA");

        // The log keeps its numbers, ids and times (clients' watermarks) but nothing that was said.
        var logAfter = await Stores.ActivityLog.ReadAfterAsync("convA", 0, 100, Ct);
        Assert.Equal(logBefore.Select(l => (l.Sequence, l.Activity.Id, l.Activity.Timestamp)),
            logAfter.Select(l => (l.Sequence, l.Activity.Id, l.Activity.Timestamp)));
        Assert.All(logAfter, l =>
        {
            Assert.True(ErasedActivity.IsTombstone(l.Activity));
            Assert.Null(l.Activity.Text);
            Assert.Equal("convA", l.Activity.Conversation?.Id);
        });
        // The erased client id no longer answers as a duplicate.
        Assert.False((await Stores.ActivityLog.AppendInboundAsync("convA", Message("again", "convA-client"), Ct)).Duplicate);

        // Bob and the anonymous answers are untouched.
        var bobData = await Stores.Privacy.ExportAsync("p_bob", Ct);
        Assert.Equal([bob.Consent], bobData.Consents);
        Assert.Single(bobData.Responses);
        Assert.Equal(2, bobData.TranscriptEntries);
        Assert.NotNull(await Stores.State.ReadAsync("directline/conversations/convB", Ct));
        Assert.Equal("здравей", (await Stores.ActivityLog.ReadAfterAsync("convB", 0, 100, Ct))[0].Activity.Text);
        Assert.Single(await Stores.Surveys.GetAnswersAsync(anonymous.Id, Ct));
    }

    [Fact]
    public async Task Erasing_replaces_the_web_user_id_of_the_participants_conversations_and_the_confirmation_does_not_name_them()
    {
        await SeedAsync("p_alice", "convA");
        await SeedAsync("p_bob", "convB");
        // The erasing turn: the user's "yes" is logged, the turn erases, then its reply is logged, addressed by the pipeline.
        var yes = await Stores.ActivityLog.AppendInboundAsync("convA", Message("да", "convA-yes", "dl_convA"), Ct);

        Assert.True(await Stores.Privacy.EraseAsync("p_alice", Ct) > 0);
        var confirmation = await Stores.ActivityLog.CompleteTurnAsync("convA", yes.Logged.Sequence, [Reply("Изтрих всичко.", "dl_convA")], Ct);

        var erasedId = (await Stores.ActivityLog.GetConversationAsync("convA", Ct))!.UserId;
        Assert.StartsWith(ErasedActivity.UserIdPrefix, erasedId, StringComparison.Ordinal);
        Assert.Equal("Изтрих всичко.", Assert.Single(confirmation).Activity.Text);
        var log = await Stores.ActivityLog.ReadAfterAsync("convA", 0, 100, Ct);
        Assert.Null(log[^1].Activity.Recipient);
        Assert.DoesNotContain(log, l => ActivityJson.Serialize(l.Activity).Contains("dl_convA", StringComparison.Ordinal));

        // Bob keeps his id, and replies to him name him as usual.
        Assert.Equal("dl_convB", (await Stores.ActivityLog.GetConversationAsync("convB", Ct))!.UserId);
        var hello = await Stores.ActivityLog.AppendInboundAsync("convB", Message("здравей", "convB-hello", "dl_convB"), Ct);
        var answer = await Stores.ActivityLog.CompleteTurnAsync("convB", hello.Logged.Sequence, [Reply("Здравейте!", "dl_convB")], Ct);
        Assert.Equal("dl_convB", Assert.Single(answer).Activity.Recipient?.Id);

        // Erased, he gets an erased id of his own: two erased conversations never share a user.
        Assert.True(await Stores.Privacy.EraseAsync("p_bob", Ct) > 0);
        var bobErasedId = (await Stores.ActivityLog.GetConversationAsync("convB", Ct))!.UserId;
        Assert.StartsWith(ErasedActivity.UserIdPrefix, bobErasedId, StringComparison.Ordinal);
        Assert.NotEqual(erasedId, bobErasedId);
    }

    private static Activity Reply(string text, string recipient) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        From = new ChannelAccount { Id = "bot", Role = "bot" },
        Recipient = new ChannelAccount { Id = recipient, Role = "user" },
    };

    protected async Task<(ConsentRecord Consent, SurveyResponse Response, ParticipantLink Link)> SeedAsync(string participant, string conversation)
    {
        var s = Stores;
        var link = new ParticipantLink(participant, "directline", conversation, $"directline/{conversation}", $"directline/users/dl_{conversation}", T0);
        await s.Privacy.LinkAsync(link, Ct);
        var consent = new ConsentRecord(participant, "wellbeing", 1, "directline", T0);
        await s.Surveys.RecordConsentAsync(consent, Ct);
        var response = new SurveyResponse(Guid.NewGuid(), "wellbeing", 1, participant, "directline", T0, null, ResponseStatus.InProgress);
        await s.Surveys.StartAsync(response, Ct);
        await s.Surveys.SaveAnswerAsync(new SurveyAnswer(response.Id, "mood", """{"value":3}""", T0.AddMinutes(1)), Ct);
        await s.State.WriteAsync($"directline/conversations/{conversation}", """{"stack":[]}""", null, Ct);
        await s.State.WriteAsync($"directline/users/dl_{conversation}", """{"language":"bg"}""", null, Ct);
        await s.Transcripts.AppendAsync(
        [
            new TranscriptEntry($"directline/{conversation}", TranscriptEntry.Inbound, "1", T0, """{"text":"здравей"}"""),
            new TranscriptEntry($"directline/{conversation}", TranscriptEntry.Outbound, "2", T0, """{"text":"Здравейте!"}"""),
        ], Ct);
        await s.Unanswered.AddAsync(new UnansweredQuestion(Guid.NewGuid(), "Къде живея?", "bg", "directline", T0, [], $"directline/{conversation}"), Ct);
        await s.ActivityLog.CreateConversationAsync(new DirectLineConversation(conversation, $"dl_{conversation}", "bg-BG", T0), Ct);
        var inbound = await s.ActivityLog.AppendInboundAsync(conversation, Message("здравей", $"{conversation}-client"), Ct);
        await s.ActivityLog.CompleteTurnAsync(conversation, inbound.Logged.Sequence, [new Activity { Text = "Здравейте!" }], Ct);
        return (consent, response, link);
    }

    private static Activity Message(string text, string clientId, string from = "dl_user") => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        From = new ChannelAccount { Id = from, Role = "user" },
        ChannelData = new JsonObject { ["clientActivityID"] = clientId },
    };

    [Fact]
    public async Task Erasing_a_Telegram_participant_removes_the_chat_document_the_update_payloads_and_the_state()
    {
        var s = Stores;
        await SeedTelegramAsync("p_alice", "4242", "Живея на ул. Шипка 7");
        await SeedTelegramAsync("p_bob", "777", "Моят отговор");

        Assert.True(await s.Privacy.EraseAsync("p_alice", Ct) > 0);

        Assert.Null(await s.State.ReadAsync(ChannelIds.TelegramChatKey("4242"), Ct));
        Assert.Null(await s.State.ReadAsync("telegram/conversations/4242", Ct));
        Assert.Null(await s.State.ReadAsync("telegram/users/4242", Ct));
        Assert.Empty(await s.Transcripts.ReadAsync("telegram/4242", Ct));
        var pending = await s.ProcessedUpdates.ListStaleAsync("polling", DateTimeOffset.UtcNow.AddDays(1), 10, Ct);
        Assert.DoesNotContain(pending, u => u.Payload.Contains("Шипка", StringComparison.Ordinal));
        // A claim stays claimed, so an erased update is never processed again.
        Assert.False(await s.ProcessedUpdates.TryClaimAsync(new ReceivedUpdate("polling", 4242, "4242", "{}", T0), Ct));

        // Bob's chat is untouched.
        Assert.NotNull(await s.State.ReadAsync(ChannelIds.TelegramChatKey("777"), Ct));
        Assert.NotNull(await s.State.ReadAsync("telegram/conversations/777", Ct));
        Assert.Contains(pending, u => u.ConversationId == "777" && u.Payload.Contains("Моят отговор", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every table of the SQL backends, as personal (covered by the cases here: erased, purged or both) or not
    /// (ids, counts and staff records only). A new table fails <see cref="AssertEveryTableIsClassified"/> until it is
    /// listed here, and a personal one needs a case above and a line in each backend's privacy store.
    /// </summary>
    public static readonly IReadOnlySet<string> PersonalTables = new HashSet<string>
    {
        "state", "transcripts", "unanswered_questions", "dl_conversations", "dl_activities", "processed_updates",
        "survey_responses", "survey_answers", "consents", "participant_links", "subscriptions", "team_questions",
        "announcement_recipients",
    };

    public static readonly IReadOnlySet<string> NotPersonalTables = new HashSet<string>
    {
        "knowledge_feedback", "unanswered_resolutions", "staff_accounts", "staff_login_attempts",
        "audit_log", "schema_version", "invitations", "announcements", "survey_publications",
    };

    public static void AssertEveryTableIsClassified(IEnumerable<string> tables) =>
        Assert.All(tables, t => Assert.True(PersonalTables.Contains(t) || NotPersonalTables.Contains(t),
            $"Table '{t}' is not classified: add it to PersonalTables (with a privacy case and a line in each privacy store) or to NotPersonalTables."));

    [Fact]
    public async Task Purging_a_survey_past_its_retention_removes_its_answers_and_consents_and_nothing_else()
    {
        var s = Stores;
        await SeedAsync("p_alice", "convA");
        var anonymous = new SurveyResponse(Guid.NewGuid(), "wellbeing", 1, null, "directline", T0, null, ResponseStatus.Completed);
        await s.Surveys.StartAsync(anonymous, Ct);
        await s.Surveys.SaveAnswerAsync(new SurveyAnswer(anonymous.Id, "mood", """{"value":4}""", T0), Ct);
        var other = new SurveyResponse(Guid.NewGuid(), "feedback", 1, "p_alice", "directline", T0, null, ResponseStatus.Completed);
        await s.Surveys.StartAsync(other, Ct);
        await s.Surveys.SaveAnswerAsync(new SurveyAnswer(other.Id, "rating", """{"value":5}""", T0), Ct);

        Assert.True(await s.Privacy.PurgeSurveyAsync("wellbeing", Ct) >= 5);

        var data = await s.Privacy.ExportAsync("p_alice", Ct);
        Assert.Equal(["feedback"], data.Responses.Select(r => r.Response.SurveyId));
        Assert.Empty(data.Consents);
        Assert.Empty(await s.Surveys.GetAnswersAsync(anonymous.Id, Ct));
        Assert.Single(await s.Surveys.GetAnswersAsync(other.Id, Ct));
        Assert.Equal(2, data.TranscriptEntries);
    }

    [Fact]
    public async Task Purging_removes_old_transcripts_and_questions_and_blanks_old_log_entries()
    {
        var s = Stores;
        var cutoff = DateTimeOffset.UtcNow.AddMinutes(-1);
        await s.Transcripts.AppendAsync(
        [
            new TranscriptEntry("directline/a", TranscriptEntry.Inbound, "1", cutoff.AddDays(-1), """{"text":"old"}"""),
            new TranscriptEntry("directline/a", TranscriptEntry.Inbound, "2", cutoff.AddHours(1), """{"text":"new"}"""),
        ], Ct);
        await s.Unanswered.AddAsync(new UnansweredQuestion(Guid.NewGuid(), "old?", "bg", "directline", cutoff.AddDays(-1), []), Ct);
        await s.Unanswered.AddAsync(new UnansweredQuestion(Guid.NewGuid(), "new?", "bg", "directline", cutoff.AddHours(1), []), Ct);
        // Log entries are stamped by the store's clock (now), so the cutoff for them is set after appending.
        await s.ActivityLog.CreateConversationAsync(new DirectLineConversation("convR", "dl_r", null, T0), Ct);
        await s.ActivityLog.AppendOutboundAsync("convR", [new Activity { Text = "said long ago" }], Ct);
        await Task.Delay(20, Ct);
        var logCutoff = DateTimeOffset.UtcNow;
        await Task.Delay(20, Ct);
        await s.ActivityLog.AppendOutboundAsync("convR", [new Activity { Text = "said just now" }], Ct);

        var purged = await s.Privacy.PurgeOlderThanAsync(cutoff, Ct);
        var logPurged = await s.Privacy.PurgeOlderThanAsync(logCutoff, Ct);

        Assert.Equal(2, purged);
        Assert.Equal(1, logPurged);
        Assert.Equal(["2"], (await s.Transcripts.ReadAsync("directline/a", Ct)).Select(e => e.ActivityId));
        Assert.Equal(["new?"], (await s.Unanswered.ListAsync(10, Ct)).Select(q => q.Text));
        var log = await s.ActivityLog.ReadAfterAsync("convR", 0, 10, Ct);
        Assert.Equal([1L, 2L], log.Select(l => l.Sequence));
        Assert.True(ErasedActivity.IsTombstone(log[0].Activity));
        Assert.Equal("said just now", log[1].Activity.Text);

        // Tombstones are not purged again.
        Assert.Equal(0, await s.Privacy.PurgeOlderThanAsync(logCutoff, Ct));
    }

    private async Task SeedTelegramAsync(string participant, string chatId, string said)
    {
        var s = Stores;
        await s.Privacy.LinkAsync(new ParticipantLink(participant, ChannelIds.Telegram, chatId, $"telegram/{chatId}", $"telegram/users/{chatId}", T0), Ct);
        await s.State.WriteAsync(ChannelIds.TelegramChatKey(chatId), $$"""{"keyboard":["{{said}}"]}""", null, Ct);
        await s.State.WriteAsync($"telegram/conversations/{chatId}", """{"stack":[]}""", null, Ct);
        await s.State.WriteAsync($"telegram/users/{chatId}", """{"language":"bg"}""", null, Ct);
        await s.Transcripts.AppendAsync([new TranscriptEntry($"telegram/{chatId}", TranscriptEntry.Inbound, "1", T0, $$"""{"text":"{{said}}"}""")], Ct);
        var updateId = long.Parse(chatId, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await s.ProcessedUpdates.TryClaimAsync(new ReceivedUpdate("polling", updateId, chatId,
            $$$"""{"update_id":{{{chatId}}},"message":{"text":"{{{said}}}"}}""", T0), Ct));
    }
}
