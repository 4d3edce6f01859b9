using Assistant.Core.Surveys.Publications;
using Assistant.Web.Storage;
using Assistant.Web.Storage.Postgres;
using Assistant.Web.Tests.Support;

namespace Assistant.Web.Tests.Storage;

/// <summary>What every <see cref="ISurveyPublicationStore"/> must do, run once per provider.</summary>
public abstract class SurveyPublicationStoreConformance : StoreSetConformance
{
    [Fact]
    public async Task Closing_is_recorded_once_and_the_first_closing_is_kept()
    {
        var store = Stores.Publications;
        Assert.Null(await store.GetAsync("parks", Ct));

        Assert.True(await store.CloseAsync("parks", "ada", T0, Ct));
        Assert.False(await store.CloseAsync("parks", "bob", T0.AddHours(1), Ct));

        var closed = await store.GetAsync("parks", Ct);
        Assert.Equal(new SurveyPublication("parks", T0, "ada", null, null, null, "", "", T0, "ada"), closed);
        Assert.False(closed!.IsPublished);
    }

    [Fact]
    public async Task Publishing_keeps_the_figures_until_unpublished_and_the_note_and_closing_survive_both()
    {
        var store = Stores.Publications;
        await store.CloseAsync("parks", "ada", T0, Ct);
        await store.SetNoteAsync("parks", "Ще засадим <b>дървета</b>", "We will plant trees", "rita", T0.AddMinutes(1), Ct);
        await store.PublishAsync("parks", "https://assistant.example.org/results/parks", """{"responses":12}""", "ada", T0.AddMinutes(2), Ct);

        var published = await store.GetAsync("parks", Ct);
        Assert.Equal(new SurveyPublication("parks", T0, "ada", T0.AddMinutes(2), "ada", "https://assistant.example.org/results/parks",
            "Ще засадим <b>дървета</b>", "We will plant trees", T0.AddMinutes(2), "ada"), published);
        Assert.Equal("""{"responses":12}""", await store.GetResultsAsync("parks", Ct));
        Assert.Equal("We will plant trees", published!.Note("en"));

        // Publishing again replaces the figures.
        await store.PublishAsync("parks", "https://assistant.example.org/results/parks", """{"responses":13}""", "ada", T0.AddMinutes(3), Ct);
        Assert.Equal("""{"responses":13}""", await store.GetResultsAsync("parks", Ct));

        Assert.True(await store.UnpublishAsync("parks", "bob", T0.AddMinutes(4), Ct));
        Assert.False(await store.UnpublishAsync("parks", "bob", T0.AddMinutes(5), Ct));
        Assert.Null(await store.GetResultsAsync("parks", Ct));
        Assert.Equal(new SurveyPublication("parks", T0, "ada", null, null, null, "Ще засадим <b>дървета</b>", "We will plant trees",
            T0.AddMinutes(4), "bob"), await store.GetAsync("parks", Ct));
        Assert.False(await store.UnpublishAsync("never-published", "bob", T0, Ct));
    }

    [Fact]
    public async Task Every_record_is_listed_by_survey_id_and_a_note_alone_makes_a_record()
    {
        var store = Stores.Publications;
        await store.SetNoteAsync("wellbeing", "Бележка", "Note", "ada", T0, Ct);
        await store.PublishAsync("b-survey", "https://x.example/results/b-survey", "{}", "ada", T0, Ct);
        await store.CloseAsync("A-survey", "ada", T0, Ct);

        var all = await store.ListAsync(Ct);

        Assert.Equal(["A-survey", "b-survey", "wellbeing"], all.Select(p => p.SurveyId));
        Assert.Equal([true, false, false], all.Select(p => p.ClosedAt is not null));
        Assert.Equal([false, true, false], all.Select(p => p.IsPublished));
        Assert.Null(await store.GetResultsAsync("A-survey", Ct));
    }

    [Fact]
    public async Task Racing_admins_close_a_survey_exactly_once()
    {
        var store = Stores.Publications;

        var wins = await RaceAsync(12, i => store.CloseAsync("parks", $"admin{i}", T0.AddSeconds(i), Ct));

        Assert.Equal(1, wins.Count(w => w));
        var closed = await store.GetAsync("parks", Ct);
        Assert.Equal(closed!.ClosedBy, $"admin{Array.IndexOf(wins, true)}");
    }
}

public sealed class InMemorySurveyPublicationStoreTests : SurveyPublicationStoreConformance
{
    protected override StoreSet Stores { get; } = StoreSet.Memory(TimeProvider.System);
}

public sealed class SqliteSurveyPublicationStoreTests : SurveyPublicationStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    protected override StoreSet Stores => StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

public sealed class PostgresSurveyPublicationStoreTests(PostgresCluster cluster) : SurveyPublicationStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    protected override StoreSet Stores => StoreSet.Postgres(_database!, TimeProvider.System);

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}
