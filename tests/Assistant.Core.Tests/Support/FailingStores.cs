namespace Assistant.Core.Tests.Support;

/// <summary>
/// When a store's call fails: the next few times, or always until healed. The failure is what a full disk gives (an
/// <see cref="IOException"/>) unless the test names another exception.
/// </summary>
public sealed class Failures
{
    private readonly Lock _lock = new();
    private int _left;

    /// <summary>Every call made so far, failed or not.</summary>
    public int Calls { get; private set; }

    public Func<Exception> Exception { get; set; } = () => new IOException("No space left on device");

    public void Next(int times)
    {
        lock (_lock)
        {
            _left = times;
        }
    }

    public void Always() => Next(int.MaxValue);

    public void Heal() => Next(0);

    public void Check()
    {
        lock (_lock)
        {
            Calls++;
            if (_left == 0)
            {
                return;
            }

            _left--;
        }

        throw Exception();
    }
}

/// <summary>Survey responses whose answer writes fail when told to; the ids of the responses started, in order.</summary>
public sealed class FailingSurveyResponseStore(ISurveyResponseStore inner) : ISurveyResponseStore
{
    public Failures AnswerWrites { get; } = new();

    public List<Guid> Started { get; } = [];

    public async Task StartAsync(SurveyResponse response, CancellationToken cancellationToken)
    {
        await inner.StartAsync(response, cancellationToken);
        Started.Add(response.Id);
    }

    public Task SaveAnswerAsync(SurveyAnswer answer, CancellationToken cancellationToken)
    {
        AnswerWrites.Check();
        return inner.SaveAnswerAsync(answer, cancellationToken);
    }

    public Task FinishAsync(Guid responseId, ResponseStatus status, DateTimeOffset at, CancellationToken cancellationToken) =>
        inner.FinishAsync(responseId, status, at, cancellationToken);

    public Task<SurveyResponse?> GetAsync(Guid responseId, CancellationToken cancellationToken) => inner.GetAsync(responseId, cancellationToken);

    public Task<IReadOnlyList<SurveyResponse>> FindByParticipantAsync(string surveyId, string participantKey, CancellationToken cancellationToken) =>
        inner.FindByParticipantAsync(surveyId, participantKey, cancellationToken);

    public Task<IReadOnlyList<SurveyAnswer>> GetAnswersAsync(Guid responseId, CancellationToken cancellationToken) =>
        inner.GetAnswersAsync(responseId, cancellationToken);

    public Task RecordConsentAsync(ConsentRecord consent, CancellationToken cancellationToken) => inner.RecordConsentAsync(consent, cancellationToken);

    public Task<IReadOnlyList<ConsentRecord>> GetConsentsAsync(string participantKey, CancellationToken cancellationToken) =>
        inner.GetConsentsAsync(participantKey, cancellationToken);
}

/// <summary>State documents whose reads or writes fail when told to.</summary>
public sealed class FailingStateStore(IStateStore inner) : IStateStore
{
    public Failures Reads { get; } = new();

    public Failures Writes { get; } = new();

    public Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        Reads.Check();
        return inner.ReadAsync(key, cancellationToken);
    }

    public Task<string> WriteAsync(string key, string json, string? expectedETag, CancellationToken cancellationToken)
    {
        Writes.Check();
        return inner.WriteAsync(key, json, expectedETag, cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
}

/// <summary>A transcript whose appends fail when told to.</summary>
public sealed class FailingTranscriptStore(ITranscriptStore inner) : ITranscriptStore
{
    public Failures Appends { get; } = new();

    public Task AppendAsync(IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken)
    {
        Appends.Check();
        return inner.AppendAsync(entries, cancellationToken);
    }

    public Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationKey, CancellationToken cancellationToken) =>
        inner.ReadAsync(conversationKey, cancellationToken);
}
