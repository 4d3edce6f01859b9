using Assistant.Core.Privacy;
using Assistant.Core.TeamQuestions;
using Assistant.Web.Storage;
using Assistant.Web.Storage.Postgres;
using Assistant.Web.Tests.Support;

namespace Assistant.Web.Tests.Storage;

/// <summary>What every <see cref="ITeamQuestionStore"/> must do (and its privacy store with it), run once per provider.</summary>
public abstract class TeamQuestionStoreConformance : StoreSetConformance
{
    [Fact]
    public async Task A_question_reads_back_whole_by_id_and_by_reference_in_any_case()
    {
        var question = Question("Кога ще има Wi-Fi в Южния парк? 🌳", T0.AddMilliseconds(250), email: "maria@example.bg");
        await Stores.TeamQuestions.AddAsync(question, Ct);

        var read = await Stores.TeamQuestions.GetAsync(question.Id, Ct);
        Assert.Equal(question with { UpdatedAt = question.AskedAt }, read);
        Assert.Equal(question.Id, (await Stores.TeamQuestions.FindByReferenceAsync(question.Reference.ToLowerInvariant(), Ct))?.Id);
        Assert.Null(await Stores.TeamQuestions.FindByReferenceAsync("Q-2222AA", Ct));
    }

    [Fact]
    public async Task A_second_question_with_the_same_reference_is_refused_and_the_first_kept()
    {
        var first = Question("първи", T0, reference: "Q-ABCDEF");
        await Stores.TeamQuestions.AddAsync(first, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Stores.TeamQuestions.AddAsync(Question("втори", T0, reference: "Q-ABCDEF"), Ct));

        Assert.Equal("първи", (await Stores.TeamQuestions.FindByReferenceAsync("Q-ABCDEF", Ct))!.Text);
    }

    [Fact]
    public async Task The_inbox_lists_the_states_asked_for_oldest_first()
    {
        var old = Question("старият", T0);
        var newer = Question("новият", T0.AddHours(1));
        var answered = Question("отговореният", T0.AddMinutes(30));
        foreach (var q in new[] { newer, answered, old })
        {
            await Stores.TeamQuestions.AddAsync(q, Ct);
        }

        Assert.True(await Stores.TeamQuestions.UpdateAsync(answered with { Status = TeamQuestionStatus.Answered, Reply = "Ето." }, 1, Ct));

        Assert.Equal(["старият", "новият"], (await Stores.TeamQuestions.ListAsync([TeamQuestionStatus.Open], 10, Ct)).Select(q => q.Text));
        Assert.Equal(["старият"], (await Stores.TeamQuestions.ListAsync([TeamQuestionStatus.Open], 1, Ct)).Select(q => q.Text));
        Assert.Equal(["старият", "отговореният", "новият"],
            (await Stores.TeamQuestions.ListAsync(Enum.GetValues<TeamQuestionStatus>(), 10, Ct)).Select(q => q.Text));
    }

    [Fact]
    public async Task An_update_with_a_stale_version_changes_nothing()
    {
        var question = Question("въпрос", T0);
        await Stores.TeamQuestions.AddAsync(question, Ct);

        Assert.True(await Stores.TeamQuestions.UpdateAsync(question with { AssignedTo = "maria" }, 1, Ct));
        Assert.False(await Stores.TeamQuestions.UpdateAsync(question with { AssignedTo = "ivan" }, 1, Ct));
        Assert.False(await Stores.TeamQuestions.UpdateAsync(Question("няма го", T0), 1, Ct));

        var read = (await Stores.TeamQuestions.GetAsync(question.Id, Ct))!;
        Assert.Equal(("maria", 2), (read.AssignedTo, read.Version));
    }

    [Fact]
    public async Task Only_one_of_two_racing_updates_wins()
    {
        var question = Question("въпрос", T0);
        await Stores.TeamQuestions.AddAsync(question, Ct);

        var wins = await RaceAsync(8, i => Stores.TeamQuestions.UpdateAsync(question with { AssignedTo = "staff" + i }, 1, Ct));

        Assert.Single(wins, w => w);
    }

    [Fact]
    public async Task Undelivered_replies_are_the_closed_ones_not_yet_sent_or_whose_claim_went_stale()
    {
        var open = Question("отворен", T0);
        var pending = Question("чака доставка", T0) with { Status = TeamQuestionStatus.Answered, Reply = "a", RepliedAt = T0.AddHours(2) };
        var fresh = Question("изпраща се сега", T0) with
        {
            Status = TeamQuestionStatus.Answered, Reply = "b", RepliedAt = T0.AddHours(1), Delivery = TeamDelivery.Sending, DeliveryAt = T0.AddHours(5),
        };
        var stale = Question("застоял", T0) with
        {
            Status = TeamQuestionStatus.NotOurRemit, Reply = "c", RepliedAt = T0.AddHours(1), Delivery = TeamDelivery.Sending, DeliveryAt = T0.AddHours(3),
        };
        var delivered = Question("доставен", T0) with
        {
            Status = TeamQuestionStatus.Answered, Reply = "d", RepliedAt = T0, Delivery = TeamDelivery.Delivered, DeliveryAt = T0,
        };
        foreach (var q in new[] { open, pending, fresh, stale, delivered })
        {
            await Stores.TeamQuestions.AddAsync(q, Ct);
        }

        var due = await Stores.TeamQuestions.ListUndeliveredAsync(T0.AddHours(4), 10, Ct);

        Assert.Equal(["застоял", "чака доставка"], due.Select(q => q.Text));
    }

    [Fact]
    public async Task Questions_of_conversations_are_listed_newest_first_and_none_for_no_conversations()
    {
        await Stores.TeamQuestions.AddAsync(Question("а", T0, conversation: "directline/A"), Ct);
        await Stores.TeamQuestions.AddAsync(Question("б", T0.AddMinutes(1), conversation: "telegram/42"), Ct);
        await Stores.TeamQuestions.AddAsync(Question("в", T0.AddMinutes(2), conversation: "directline/C"), Ct);

        Assert.Equal(["б", "а"], (await Stores.TeamQuestions.ListForConversationsAsync(["directline/A", "telegram/42"], Ct)).Select(q => q.Text));
        Assert.Empty(await Stores.TeamQuestions.ListForConversationsAsync([], Ct));
    }

    [Fact]
    public async Task Erasing_the_participant_removes_their_questions_and_email_but_not_others()
    {
        await Stores.Privacy.LinkAsync(new ParticipantLink("p_alice", "directline", "convA", "directline/convA", null, T0), Ct);
        var linked = Question("чрез разговора", T0, conversation: "directline/convA", email: "alice@example.bg");
        var keyed = Question("чрез ключа", T0, conversation: "telegram/7", participant: "p_alice");
        var bobs = Question("на Боб", T0, conversation: "directline/convB", participant: "p_bob", email: "bob@example.bg");
        foreach (var q in new[] { linked, keyed, bobs })
        {
            await Stores.TeamQuestions.AddAsync(q, Ct);
        }

        Assert.True(await Stores.Privacy.EraseAsync("p_alice", Ct) >= 2);

        Assert.Null(await Stores.TeamQuestions.GetAsync(linked.Id, Ct));
        Assert.Null(await Stores.TeamQuestions.GetAsync(keyed.Id, Ct));
        Assert.Equal("bob@example.bg", (await Stores.TeamQuestions.GetAsync(bobs.Id, Ct))?.Email);
    }

    [Fact]
    public async Task Retention_purges_questions_unchanged_since_before_the_cutoff()
    {
        var old = Question("стар", T0);
        var recentlyAnswered = Question("стар, но отговорен наскоро", T0);
        await Stores.TeamQuestions.AddAsync(old, Ct);
        await Stores.TeamQuestions.AddAsync(recentlyAnswered, Ct);
        Assert.True(await Stores.TeamQuestions.UpdateAsync(recentlyAnswered with
        {
            Status = TeamQuestionStatus.Answered, Reply = "Ето", UpdatedAt = T0.AddDays(10),
        }, 1, Ct));

        await Stores.Privacy.PurgeOlderThanAsync(T0.AddDays(5), Ct);

        Assert.Null(await Stores.TeamQuestions.GetAsync(old.Id, Ct));
        Assert.NotNull(await Stores.TeamQuestions.GetAsync(recentlyAnswered.Id, Ct));
    }

    private static TeamQuestion Question(string text, DateTimeOffset at, string? reference = null, string conversation = "directline/conv1",
        string? participant = "p_someone", string? email = null) =>
        new(Guid.NewGuid(), reference ?? TeamQuestionReference.New(), text, "bg", conversation.Split('/')[0], conversation, participant, email, at,
            UpdatedAt: at);
}

public sealed class InMemoryTeamQuestionStoreTests : TeamQuestionStoreConformance
{
    protected override StoreSet Stores { get; } = StoreSet.Memory(TimeProvider.System);
}

public sealed class SqliteTeamQuestionStoreTests : TeamQuestionStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;
    private StoreSet? _stores;

    protected override StoreSet Stores => _stores ??= StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

public sealed class PostgresTeamQuestionStoreTests(PostgresCluster cluster) : TeamQuestionStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;
    private StoreSet? _stores;

    protected override StoreSet Stores => _stores ??= StoreSet.Postgres(_database!, TimeProvider.System);

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}
