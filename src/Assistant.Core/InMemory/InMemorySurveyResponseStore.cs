using Assistant.Core.Privacy;
using Assistant.Core.Surveys;

namespace Assistant.Core.InMemory;

/// <summary>
/// Survey responses in process memory (tests and the "memory" provider). One lock guards everything; the records are
/// immutable, so they are handed out as they are.
/// </summary>
public sealed class InMemorySurveyResponseStore : ISurveyResponseStore
{
    private sealed class Entry(SurveyResponse response)
    {
        public SurveyResponse Response { get; set; } = response;

        /// <summary>One answer per question; a repeated save replaces the value in place.</summary>
        public Dictionary<string, SurveyAnswer> Answers { get; } = new(StringComparer.Ordinal);
    }

    private readonly Dictionary<Guid, Entry> _responses = [];
    private readonly List<ConsentRecord> _consents = [];
    private readonly Lock _lock = new();

    public Task StartAsync(SurveyResponse response, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_responses.TryAdd(response.Id, new Entry(response)))
            {
                throw new InvalidOperationException($"Survey response '{response.Id}' already exists.");
            }
        }

        return Task.CompletedTask;
    }

    public Task SaveAnswerAsync(SurveyAnswer answer, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Get(answer.ResponseId).Answers[answer.QuestionId] = answer;
        }

        return Task.CompletedTask;
    }

    public Task FinishAsync(Guid responseId, ResponseStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (status is not (ResponseStatus.Completed or ResponseStatus.Abandoned))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A response finishes as completed or abandoned.");
        }

        lock (_lock)
        {
            var entry = Get(responseId);
            entry.Response = entry.Response with
            {
                Status = status,
                CompletedAt = status == ResponseStatus.Completed ? at : null,
            };
        }

        return Task.CompletedTask;
    }

    public Task<SurveyResponse?> GetAsync(Guid responseId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_responses.TryGetValue(responseId, out var entry) ? entry.Response : null);
        }
    }

    public Task<IReadOnlyList<SurveyResponse>> FindByParticipantAsync(string surveyId, string participantKey,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<SurveyResponse>>(_responses.Values
                .Select(e => e.Response)
                .Where(r => r.ParticipantKey is not null
                    && string.Equals(r.SurveyId, surveyId, StringComparison.Ordinal)
                    && string.Equals(r.ParticipantKey, participantKey, StringComparison.Ordinal))
                .OrderByDescending(r => r.StartedAt)
                .ThenByDescending(r => r.Id.ToString(), StringComparer.Ordinal)
                .ToList());
        }
    }

    public Task<IReadOnlyList<SurveyAnswer>> GetAnswersAsync(Guid responseId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_responses.TryGetValue(responseId, out var entry))
            {
                return Task.FromResult<IReadOnlyList<SurveyAnswer>>([]);
            }

            return Task.FromResult<IReadOnlyList<SurveyAnswer>>(entry.Answers.Values
                .OrderBy(a => a.AnsweredAt)
                .ThenBy(a => a.QuestionId, StringComparer.Ordinal)
                .ToList());
        }
    }

    public Task RecordConsentAsync(ConsentRecord consent, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _consents.Add(consent);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ConsentRecord>> GetConsentsAsync(string participantKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // OrderBy is stable: consents given at the same moment stay in the order they were recorded.
            return Task.FromResult<IReadOnlyList<ConsentRecord>>(_consents
                .Where(c => string.Equals(c.ParticipantKey, participantKey, StringComparison.Ordinal))
                .OrderBy(c => c.At)
                .ToList());
        }
    }

    /// <summary>The participant's responses to every survey, with their answers (for the participant data export).</summary>
    public IReadOnlyList<ParticipantResponse> ResponsesOf(string participantKey)
    {
        lock (_lock)
        {
            return _responses.Values
                .Where(e => e.Response.ParticipantKey == participantKey)
                .OrderByDescending(e => e.Response.StartedAt)
                .Select(e => new ParticipantResponse(e.Response, e.Answers.Values.OrderBy(a => a.AnsweredAt).ToList()))
                .ToList();
        }
    }

    /// <summary>Removes the participant's consents, responses and answers; returns the rows removed.</summary>
    public int EraseParticipant(string participantKey) =>
        Remove(c => c.ParticipantKey == participantKey, r => r.ParticipantKey == participantKey);

    /// <summary>Removes every response, answer and consent of the survey; returns how many.</summary>
    public int EraseSurvey(string surveyId) => Remove(c => c.SurveyId == surveyId, r => r.SurveyId == surveyId);

    private int Remove(Predicate<ConsentRecord> consent, Func<SurveyResponse, bool> response)
    {
        lock (_lock)
        {
            var removed = _consents.RemoveAll(consent);
            foreach (var entry in _responses.Values.Where(e => response(e.Response)).ToList())
            {
                removed += 1 + entry.Answers.Count;
                _responses.Remove(entry.Response.Id);
            }

            return removed;
        }
    }

    /// <summary>Every response with its answers, as they are now (the in-memory report store reads this).</summary>
    public IReadOnlyList<ResponseWithAnswers> Snapshot()
    {
        lock (_lock)
        {
            return _responses.Values
                .Select(e => new ResponseWithAnswers(e.Response, e.Answers.Values.OrderBy(a => a.AnsweredAt).ToList()))
                .ToList();
        }
    }

    private Entry Get(Guid responseId) =>
        _responses.TryGetValue(responseId, out var entry)
            ? entry
            : throw new InvalidOperationException($"Survey response '{responseId}' does not exist.");
}
