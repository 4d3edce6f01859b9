using System.Text.Json.Nodes;
using Assistant.Core.Activities;
using Assistant.Core.Storage;

namespace Assistant.Web.Tests.Storage;

/// <summary>
/// What every <see cref="IParticipantDataStore"/> must do, over the other stores of the same provider: export everything
/// linked to a participant, and erase it (keeping Direct Line numbering) without touching anyone else.
/// </summary>
public abstract class ParticipantDataStoreConformance : StoreSetConformance
{
    [Fact]
    public async Task Export_gathers_consents_responses_links_and_transcripts_of_the_participant()
    {
        var seeded = await SeedAsync("p_alice", "convA");
        await SeedAsync("p_bob", "convB");

        var data = await Stores.Participants.ExportAsync("p_alice", Ct);

        Assert.Equal("p_alice", data.ParticipantKey);
        Assert.Equal([seeded.Consent], data.Consents);
        var response = Assert.Single(data.Responses);
        Assert.Equal(seeded.Response, response.Response);
        Assert.Equal(["mood"], response.Answers.Select(a => a.QuestionId));
        Assert.Equal([seeded.Link], data.Conversations);
        Assert.Equal(2, data.TranscriptEntries);
        Assert.Empty((await Stores.Participants.ExportAsync("p_nobody", Ct)).Conversations);
    }

    [Fact]
    public async Task Linking_the_same_conversation_twice_keeps_one_link()
    {
        var link = new ParticipantLink("p_alice", "directline", "convA", "directline/convA", "directline/users/dl_a", T0);

        await Stores.Participants.LinkAsync(link, Ct);
        await Stores.Participants.LinkAsync(link with { FirstSeen = T0.AddDays(1) }, Ct);

        Assert.Equal([link], (await Stores.Participants.ExportAsync("p_alice", Ct)).Conversations);
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

        Assert.True(await Stores.Participants.EraseAsync("p_alice", Ct) > 0);

        var erased = await Stores.Participants.ExportAsync("p_alice", Ct);
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
        var bobData = await Stores.Participants.ExportAsync("p_bob", Ct);
        Assert.Equal([bob.Consent], bobData.Consents);
        Assert.Single(bobData.Responses);
        Assert.Equal(2, bobData.TranscriptEntries);
        Assert.NotNull(await Stores.State.ReadAsync("directline/conversations/convB", Ct));
        Assert.Equal("здравей", (await Stores.ActivityLog.ReadAfterAsync("convB", 0, 100, Ct))[0].Activity.Text);
        Assert.Single(await Stores.Surveys.GetAnswersAsync(anonymous.Id, Ct));
    }

    private async Task<(ConsentRecord Consent, SurveyResponse Response, ParticipantLink Link)> SeedAsync(string participant, string conversation)
    {
        var s = Stores;
        var link = new ParticipantLink(participant, "directline", conversation, $"directline/{conversation}", $"directline/users/dl_{conversation}", T0);
        await s.Participants.LinkAsync(link, Ct);
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

    private static Activity Message(string text, string clientId) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        From = new ChannelAccount { Id = "dl_user", Role = "user" },
        ChannelData = new JsonObject { ["clientActivityID"] = clientId },
    };
}

/// <summary>What every <see cref="IRetentionStore"/> must do over the other stores of the same provider.</summary>
public abstract class RetentionStoreConformance : StoreSetConformance
{
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

        var purged = await s.Retention.PurgeOlderThanAsync(cutoff, Ct);
        var logPurged = await s.Retention.PurgeOlderThanAsync(logCutoff, Ct);

        Assert.Equal(2, purged);
        Assert.Equal(1, logPurged);
        Assert.Equal(["2"], (await s.Transcripts.ReadAsync("directline/a", Ct)).Select(e => e.ActivityId));
        Assert.Equal(["new?"], (await s.Unanswered.ListAsync(10, Ct)).Select(q => q.Text));
        var log = await s.ActivityLog.ReadAfterAsync("convR", 0, 10, Ct);
        Assert.Equal([1L, 2L], log.Select(l => l.Sequence));
        Assert.True(ErasedActivity.IsTombstone(log[0].Activity));
        Assert.Equal("said just now", log[1].Activity.Text);

        // Tombstones are not purged again.
        Assert.Equal(0, await s.Retention.PurgeOlderThanAsync(logCutoff, Ct));
    }
}
