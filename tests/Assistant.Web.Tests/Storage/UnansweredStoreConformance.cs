using Assistant.Core.Knowledge;

namespace Assistant.Web.Tests.Storage;

/// <summary>What every <see cref="IUnansweredStore"/> must do, run once per provider.</summary>
public abstract class UnansweredStoreConformance
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over empty storage; every call within a test sees the same data.</summary>
    protected abstract IUnansweredStore CreateStore();

    [Fact]
    public async Task Questions_are_listed_newest_first_up_to_the_maximum()
    {
        var store = CreateStore();
        var questions = Enumerable.Range(0, 5).Select(i => Question($"Въпрос {i}?", T0.AddMinutes(i))).ToList();
        foreach (var question in questions)
        {
            await store.AddAsync(question, Ct);
        }

        var listed = await store.ListAsync(3, Ct);

        Assert.Equal(["Въпрос 4?", "Въпрос 3?", "Въпрос 2?"], listed.Select(q => q.Text));
        Assert.Equal(5, (await store.ListAsync(100, Ct)).Count);
    }

    [Fact]
    public async Task A_question_is_read_back_with_its_candidates_in_order()
    {
        var store = CreateStore();
        var question = Question("Кога е следващата среща? 🤔", T0.AddMilliseconds(250),
            [new UnansweredCandidate("events-next", 0.42), new UnansweredCandidate("contact", 0.125)]);

        await store.AddAsync(question, Ct);

        var read = Assert.Single(await store.ListAsync(10, Ct));
        Assert.Equal((question.Id, question.Text, question.Language, question.Channel, question.AskedAt),
            (read.Id, read.Text, read.Language, read.Channel, read.AskedAt));
        Assert.Equal(question.Candidates, read.Candidates);
    }

    [Fact]
    public async Task A_question_without_candidates_reads_back_with_none()
    {
        var store = CreateStore();

        await store.AddAsync(Question("?", T0, []), Ct);

        Assert.Empty(Assert.Single(await store.ListAsync(10, Ct)).Candidates);
    }

    [Fact]
    public async Task Questions_added_from_parallel_tasks_are_all_kept()
    {
        var store = CreateStore();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => store.AddAsync(Question($"q{i}", T0.AddSeconds(i)), Ct), Ct)));

        var listed = await store.ListAsync(100, Ct);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"q{i}").Order(StringComparer.Ordinal),
            listed.Select(q => q.Text).Order(StringComparer.Ordinal));
    }

    private static UnansweredQuestion Question(string text, DateTimeOffset at, IReadOnlyList<UnansweredCandidate>? candidates = null) =>
        new(Guid.NewGuid(), text, "bg", "directline", at, candidates ?? [new UnansweredCandidate("topic", 0.2)]);
}
