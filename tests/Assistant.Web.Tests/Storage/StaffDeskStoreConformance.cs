using System.Text.Json.Nodes;
using Assistant.Core.Knowledge;
using Assistant.Core.Surveys;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Storage;

namespace Assistant.Web.Tests.Storage;

/// <summary>Shared by the suites over <see cref="StoreSet"/>: the stores of one provider over empty storage.</summary>
public abstract class StoreSetConformance
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every store over the same empty storage; the same set for the whole test.</summary>
    protected abstract StoreSet Stores { get; }

    protected static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> attempt)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await attempt(i);
        }, Ct)).ToList();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}

/// <summary>What every <see cref="IAuditLogStore"/> must do, run once per provider.</summary>
public abstract class AuditLogStoreConformance : StoreSetConformance
{
    [Fact]
    public async Task Entries_are_listed_newest_first_in_pages()
    {
        var audit = Stores.Audit;
        var entries = Enumerable.Range(0, 5).Select(i => new AuditEntry(T0.AddMinutes(i), "admin", "participant.erase", $"p_{i}",
            i == 2 ? null : $$"""{"rows":{{i}}}""")).ToList();
        foreach (var entry in entries)
        {
            await audit.AppendAsync(entry, Ct);
        }

        Assert.Equal([entries[4], entries[3]], await audit.ListAsync(0, 2, Ct));
        Assert.Equal([entries[2], entries[1]], await audit.ListAsync(2, 2, Ct));
        Assert.Equal([entries[0]], await audit.ListAsync(4, 10, Ct));
        Assert.Empty(await audit.ListAsync(5, 10, Ct));
    }

    [Fact]
    public async Task Entries_appended_from_parallel_tasks_are_all_kept()
    {
        var audit = Stores.Audit;

        await RaceAsync(40, async i =>
        {
            await audit.AppendAsync(new AuditEntry(T0, "админ-😀", "account.create", $"user{i}", "Детайли"), Ct);
            return i;
        });

        var listed = await audit.ListAsync(0, 100, Ct);
        Assert.Equal(40, listed.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"user{i}").Order(StringComparer.Ordinal), listed.Select(e => e.Subject).Order(StringComparer.Ordinal));
        Assert.All(listed, e => Assert.Equal(("админ-😀", "Детайли"), (e.Actor, e.Details)));
    }
}

/// <summary>What every <see cref="IStaffStore"/> must do, run once per provider.</summary>
public abstract class StaffStoreConformance : StoreSetConformance
{
    private static StaffAccount Account(string name, string role = "reviewer") =>
        new(name, role, "AQAAAAIAAYagAAAAE-hash-" + name, Guid.NewGuid().ToString("N"), T0, null);

    [Fact]
    public async Task Accounts_are_created_once_found_listed_by_name_updated_and_deleted()
    {
        var staff = Stores.Staff;
        var maria = Account("maria", "admin");

        Assert.True(await staff.CreateAsync(maria, Ct));
        Assert.False(await staff.CreateAsync(Account("maria"), Ct));
        Assert.True(await staff.CreateAsync(Account("ivan"), Ct));
        Assert.Equal(maria, await staff.FindAsync("maria", Ct));
        Assert.Null(await staff.FindAsync("nobody", Ct));
        Assert.Equal(["ivan", "maria"], (await staff.ListAsync(Ct)).Select(a => a.Name));

        var changed = maria with { Role = "reviewer", PasswordHash = "new-hash", SecurityStamp = "stamp-2", LastSignInAt = T0.AddDays(1) };
        Assert.True(await staff.UpdateAsync(changed, Ct));
        Assert.False(await staff.UpdateAsync(Account("nobody"), Ct));
        Assert.Equal(changed, await staff.FindAsync("maria", Ct));

        Assert.True(await staff.DeleteAsync("maria", Ct));
        Assert.False(await staff.DeleteAsync("maria", Ct));
        Assert.Equal(["ivan"], (await staff.ListAsync(Ct)).Select(a => a.Name));
    }

    [Fact]
    public async Task Sign_in_attempts_count_within_the_window_until_the_limit_then_lock_out()
    {
        var staff = Stores.Staff;
        var window = TimeSpan.FromMinutes(15);

        var first = await staff.TryBeginLoginAttemptAsync("maria", "10.0.0.1", T0, [new(T0 - window, 3)], Ct);
        var second = await staff.TryBeginLoginAttemptAsync("maria", "10.0.0.1", T0.AddMinutes(1), [new(T0.AddMinutes(1) - window, 3)], Ct);
        var third = await staff.TryBeginLoginAttemptAsync("maria", "10.0.0.1", T0.AddMinutes(2), [new(T0.AddMinutes(2) - window, 3)], Ct);
        var locked = await staff.TryBeginLoginAttemptAsync("maria", "10.0.0.1", T0.AddMinutes(3), [new(T0.AddMinutes(3) - window, 3)], Ct);
        var other = await staff.TryBeginLoginAttemptAsync("ivan", "10.0.0.1", T0.AddMinutes(3), [new(T0.AddMinutes(3) - window, 3)], Ct);

        Assert.NotNull(first);
        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());
        Assert.Null(locked);
        Assert.NotNull(other);
        Assert.Equal(3, await staff.CountLoginFailuresAsync("maria", T0 - window, Ct));

        // A success forgets its attempt; the oldest leaves the window; clearing lifts the lockout.
        await staff.ForgetLoginAttemptAsync(third!.Value, Ct);
        Assert.Equal(2, await staff.CountLoginFailuresAsync("maria", T0 - window, Ct));
        Assert.NotNull(await staff.TryBeginLoginAttemptAsync("maria", "10.0.0.1", T0.AddMinutes(16), [new(T0.AddMinutes(1), 3)], Ct));
        Assert.NotNull(await staff.TryBeginLoginAttemptAsync("maria", "10.0.0.1", T0.AddMinutes(16), [new(T0.AddMinutes(1), 3)], Ct));
        Assert.Null(await staff.TryBeginLoginAttemptAsync("maria", "10.0.0.1", T0.AddMinutes(16), [new(T0.AddMinutes(1), 3)], Ct));
        await staff.ClearLoginFailuresAsync("maria", Ct);
        Assert.Equal(0, await staff.CountLoginFailuresAsync("maria", T0 - window, Ct));
        Assert.Equal(1, await staff.CountLoginFailuresAsync("ivan", T0 - window, Ct));
    }

    [Fact]
    public async Task Sign_in_failures_are_counted_per_address_and_every_budget_holds()
    {
        var staff = Stores.Staff;
        LoginBudget[] budgets = [new(T0.AddMinutes(-1), 2), new(T0.AddMinutes(-60), 10)];

        Assert.NotNull(await staff.TryBeginLoginAttemptAsync("maria", "198.51.100.7", T0, budgets, Ct));
        Assert.NotNull(await staff.TryBeginLoginAttemptAsync("maria", "198.51.100.7", T0, budgets, Ct));
        // The stranger's address is throttled by the per-minute budget; the owner's address is not.
        Assert.Null(await staff.TryBeginLoginAttemptAsync("maria", "198.51.100.7", T0, budgets, Ct));
        Assert.NotNull(await staff.TryBeginLoginAttemptAsync("maria", "203.0.113.5", T0, budgets, Ct));
        // A minute later the stranger may try again, until the hour's budget is spent.
        Assert.NotNull(await staff.TryBeginLoginAttemptAsync("maria", "198.51.100.7", T0.AddMinutes(2), [new(T0.AddMinutes(1), 2), new(T0.AddMinutes(-58), 3)], Ct));
        Assert.Null(await staff.TryBeginLoginAttemptAsync("maria", "198.51.100.7", T0.AddMinutes(2), [new(T0.AddMinutes(1), 2), new(T0.AddMinutes(-58), 3)], Ct));
        Assert.Equal(4, await staff.CountLoginFailuresAsync("maria", T0.AddMinutes(-60), Ct));
    }

    [Fact]
    public async Task Of_thirty_racing_sign_in_attempts_exactly_the_limit_get_through()
    {
        var staff = Stores.Staff;

        var attempts = await RaceAsync(30, i => staff.TryBeginLoginAttemptAsync("maria", "10.0.0.1", T0.AddMilliseconds(i), [new(T0.AddMinutes(-15), 5)], Ct));

        Assert.Equal(5, attempts.Count(a => a is not null));
        Assert.Equal(5, await staff.CountLoginFailuresAsync("maria", T0.AddMinutes(-15), Ct));
    }
}

/// <summary>What every <see cref="IUnansweredReviewStore"/> must do over the questions of the same provider.</summary>
public abstract class UnansweredReviewStoreConformance : StoreSetConformance
{
    [Fact]
    public async Task Decisions_sort_questions_into_waiting_out_of_scope_and_assigned()
    {
        var (questions, review) = (Stores.Unanswered, Stores.UnansweredReview);
        var asked = Enumerable.Range(0, 4).Select(i => Question($"Въпрос {i}?", T0.AddMinutes(i))).ToList();
        foreach (var question in asked)
        {
            await questions.AddAsync(question, Ct);
        }

        await review.ResolveAsync(new UnansweredResolution(asked[0].Id, UnansweredOutcome.OutOfScope, null, "maria", T0.AddHours(1)), Ct);
        await review.ResolveAsync(new UnansweredResolution(asked[1].Id, UnansweredOutcome.Assigned, "events-next", "maria", T0.AddHours(2)), Ct);
        await review.ResolveAsync(new UnansweredResolution(asked[2].Id, UnansweredOutcome.Assigned, "contact", "ivan", T0.AddHours(1)), Ct);

        Assert.Equal(new UnansweredCounts(4, 1, 1, 2), await review.CountAsync(Ct));
        Assert.Equal([asked[3].Id], (await review.ListAsync(UnansweredQueueFilter.Waiting, 0, 10, Ct)).Select(q => q.Question.Id));
        Assert.Equal([asked[0].Id], (await review.ListAsync(UnansweredQueueFilter.OutOfScope, 0, 10, Ct)).Select(q => q.Question.Id));
        Assert.Equal([asked[2].Id, asked[1].Id], (await review.ListAsync(UnansweredQueueFilter.Assigned, 0, 10, Ct)).Select(q => q.Question.Id));
        var all = await review.ListAsync(UnansweredQueueFilter.All, 1, 2, Ct);
        Assert.Equal([asked[2].Id, asked[1].Id], all.Select(q => q.Question.Id));
        Assert.Equal(new UnansweredResolution(asked[1].Id, UnansweredOutcome.Assigned, "events-next", "maria", T0.AddHours(2)), all[1].Resolution);
        Assert.Equal("Въпрос 1?", all[1].Question.Text);

        // Suggestions: assigned and not yet added, oldest decision first; marking them added takes them out.
        Assert.Equal([asked[2].Id, asked[1].Id], (await review.ListSuggestionsAsync(Ct)).Select(q => q.Question.Id));
        Assert.Equal(1, await review.MarkAddedAsync([asked[2].Id, asked[0].Id, asked[3].Id], T0.AddDays(1), Ct));
        Assert.Equal([asked[1].Id], (await review.ListSuggestionsAsync(Ct)).Select(q => q.Question.Id));

        Assert.True(await review.ReopenAsync(asked[0].Id, Ct));
        Assert.False(await review.ReopenAsync(asked[0].Id, Ct));
        Assert.Equal(new UnansweredCounts(4, 2, 0, 2), await review.CountAsync(Ct));
    }

    [Fact]
    public async Task Resolving_again_replaces_the_decision()
    {
        var (questions, review) = (Stores.Unanswered, Stores.UnansweredReview);
        var question = Question("?", T0);
        await questions.AddAsync(question, Ct);

        await review.ResolveAsync(new UnansweredResolution(question.Id, UnansweredOutcome.OutOfScope, null, "maria", T0), Ct);
        var second = new UnansweredResolution(question.Id, UnansweredOutcome.Assigned, "contact", "ivan", T0.AddMinutes(5));
        await review.ResolveAsync(second, Ct);

        Assert.Equal(second, Assert.Single(await review.ListAsync(UnansweredQueueFilter.All, 0, 10, Ct)).Resolution);
        Assert.Equal(new UnansweredCounts(1, 0, 0, 1), await review.CountAsync(Ct));
    }

    private static UnansweredQuestion Question(string text, DateTimeOffset at) =>
        new(Guid.NewGuid(), text, "bg", "directline", at, [new UnansweredCandidate("topic", 0.25)]);
}

/// <summary>What every <see cref="IStaffReportStore"/> must do over the responses and transcripts of the same provider.</summary>
public abstract class StaffReportStoreConformance : StoreSetConformance
{
    [Fact]
    public async Task Responses_are_counted_per_survey_channel_and_status_with_recent_windows()
    {
        var surveys = Stores.Surveys;
        var now = T0.AddDays(60);
        await StartAsync(surveys, "wellbeing", "directline", now.AddDays(-1), ResponseStatus.Completed);
        await StartAsync(surveys, "wellbeing", "directline", now.AddDays(-10), ResponseStatus.Completed);
        await StartAsync(surveys, "wellbeing", "directline", now.AddDays(-40), ResponseStatus.Completed);
        await StartAsync(surveys, "wellbeing", "telegram", now.AddDays(-2), ResponseStatus.InProgress);
        await StartAsync(surveys, "sleep", "telegram", now.AddDays(-3), ResponseStatus.Abandoned);

        var rows = await Stores.Reports.CountResponsesAsync(now.AddDays(-7), now.AddDays(-30), Ct);

        Assert.Equal(
            [
                new SurveyCountRow("sleep", "telegram", ResponseStatus.Abandoned, 1, 1, 1),
                new SurveyCountRow("wellbeing", "directline", ResponseStatus.Completed, 3, 1, 2),
                new SurveyCountRow("wellbeing", "telegram", ResponseStatus.InProgress, 1, 1, 1),
            ],
            rows.OrderBy(r => r.SurveyId, StringComparer.Ordinal).ThenBy(r => r.Channel, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Queries_filter_by_time_channel_and_completion_and_page_newest_first()
    {
        var surveys = Stores.Surveys;
        var responses = new List<SurveyResponse>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add(await StartAsync(surveys, "wellbeing", i % 2 == 0 ? "directline" : "telegram", T0.AddHours(i),
                i < 4 ? ResponseStatus.Completed : ResponseStatus.InProgress));
        }

        await StartAsync(surveys, "sleep", "directline", T0, ResponseStatus.Completed);
        var reports = Stores.Reports;

        Assert.Equal(6, await reports.CountAsync(new ResponseQuery("wellbeing"), Ct));
        Assert.Equal(3, await reports.CountAsync(new ResponseQuery("wellbeing", Channel: "directline"), Ct));
        Assert.Equal(4, await reports.CountAsync(new ResponseQuery("wellbeing", Completion: CompletionFilter.Completed), Ct));
        Assert.Equal(2, await reports.CountAsync(new ResponseQuery("wellbeing", Completion: CompletionFilter.NotCompleted), Ct));
        Assert.Equal(2, await reports.CountAsync(new ResponseQuery("wellbeing", From: T0.AddHours(1), Before: T0.AddHours(3)), Ct));
        Assert.Equal([responses[4].Id, responses[3].Id],
            (await reports.ListAsync(new ResponseQuery("wellbeing"), 1, 2, Ct)).Select(r => r.Id));
        Assert.Equal(responses[5], (await reports.ListAsync(new ResponseQuery("wellbeing"), 0, 1, Ct))[0]);
    }

    [Fact]
    public async Task The_stream_gives_each_matching_response_once_with_its_answers_oldest_first()
    {
        var surveys = Stores.Surveys;
        var first = await StartAsync(surveys, "wellbeing", "directline", T0, ResponseStatus.InProgress);
        var empty = await StartAsync(surveys, "wellbeing", "directline", T0.AddMinutes(1), ResponseStatus.InProgress);
        var second = await StartAsync(surveys, "wellbeing", "telegram", T0.AddMinutes(2), ResponseStatus.InProgress);
        await StartAsync(surveys, "sleep", "directline", T0, ResponseStatus.InProgress);
        await surveys.SaveAnswerAsync(new SurveyAnswer(first.Id, "mood", """{"value":4}""", T0.AddMinutes(5)), Ct);
        await surveys.SaveAnswerAsync(new SurveyAnswer(first.Id, "note", """{"text":"Добре 🙂"}""", T0.AddMinutes(6)), Ct);
        await surveys.SaveAnswerAsync(new SurveyAnswer(second.Id, "mood", """{"value":2}""", T0.AddMinutes(7)), Ct);

        var streamed = new List<ResponseWithAnswers>();
        await foreach (var item in Stores.Reports.StreamAsync(new ResponseQuery("wellbeing"), Ct))
        {
            streamed.Add(item);
        }

        Assert.Equal([first.Id, empty.Id, second.Id], streamed.Select(s => s.Response.Id));
        Assert.Equal(["mood", "note"], streamed[0].Answers.Select(a => a.QuestionId));
        Assert.Equal("Добре 🙂", JsonNode.Parse(streamed[0].Answers[1].ValueJson)!["text"]!.GetValue<string>());
        Assert.Empty(streamed[1].Answers);
        Assert.Equal(T0.AddMinutes(7), Assert.Single(streamed[2].Answers).AnsweredAt);
    }

    [Fact]
    public async Task Knowledge_answers_are_counted_from_outbound_transcript_entries()
    {
        await Stores.Transcripts.AppendAsync(
        [
            new TranscriptEntry("directline/a", TranscriptEntry.Inbound, "1", T0, """{"text":"?","channelData":{"knowledgeId":"x"}}"""),
            new TranscriptEntry("directline/a", TranscriptEntry.Outbound, "2", T0, """{"text":"answer","channelData":{"knowledgeId":"events"}}"""),
            new TranscriptEntry("directline/a", TranscriptEntry.Outbound, "3", T0, """{"text":"menu"}"""),
            new TranscriptEntry("telegram/b", TranscriptEntry.Outbound, "4", T0, """{"channelData":{"knowledgeId":"contact"}}"""),
        ], Ct);

        Assert.Equal(2, await Stores.Reports.CountKnowledgeAnswersAsync(Ct));
    }

    private static async Task<SurveyResponse> StartAsync(ISurveyResponseStore surveys, string surveyId, string channel,
        DateTimeOffset startedAt, ResponseStatus status)
    {
        var response = new SurveyResponse(Guid.NewGuid(), surveyId, 1, "p-1", channel, startedAt, null, ResponseStatus.InProgress);
        await surveys.StartAsync(response, Ct);
        if (status != ResponseStatus.InProgress)
        {
            await surveys.FinishAsync(response.Id, status, startedAt.AddMinutes(3), Ct);
            response = response with { Status = status, CompletedAt = status == ResponseStatus.Completed ? startedAt.AddMinutes(3) : null };
        }

        return response;
    }
}
