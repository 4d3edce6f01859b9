using Assistant.Web.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Support;

/// <summary>
/// Puts the server's own survey store (the real SQLite one) behind a wrapper whose answer writes fail, the next few times
/// they are told to, the way SQLite fails on a full disk (<c>SQLITE_FULL</c>). Pass <see cref="Register"/> as the server's
/// <c>services</c>.
/// </summary>
public sealed class FailingAnswerWrites
{
    private const int SqliteFull = 13;
    private readonly Lock _lock = new();
    private int _left;
    private int _calls;

    /// <summary>Every answer write so far, failed or not.</summary>
    public int Calls
    {
        get
        {
            lock (_lock)
            {
                return _calls;
            }
        }
    }

    public void Next(int times)
    {
        lock (_lock)
        {
            _left = times;
        }
    }

    public void Register(IServiceCollection services) =>
        services.AddSingleton<ISurveyResponseStore>(sp => new Store(sp.GetRequiredService<StoreSet>().Surveys, this));

    private void Check()
    {
        lock (_lock)
        {
            _calls++;
            if (_left == 0)
            {
                return;
            }

            _left--;
        }

        throw new SqliteException("database or disk is full", SqliteFull);
    }

    private sealed class Store(ISurveyResponseStore inner, FailingAnswerWrites failures) : ISurveyResponseStore
    {
        public Task StartAsync(SurveyResponse response, CancellationToken cancellationToken) => inner.StartAsync(response, cancellationToken);

        public Task SaveAnswerAsync(SurveyAnswer answer, CancellationToken cancellationToken)
        {
            failures.Check();
            return inner.SaveAnswerAsync(answer, cancellationToken);
        }

        public Task FinishAsync(Guid responseId, ResponseStatus status, DateTimeOffset at, CancellationToken cancellationToken) =>
            inner.FinishAsync(responseId, status, at, cancellationToken);

        public Task<SurveyResponse?> GetAsync(Guid responseId, CancellationToken cancellationToken) => inner.GetAsync(responseId, cancellationToken);

        public Task<IReadOnlyList<SurveyResponse>> FindByParticipantAsync(string surveyId, string participantKey,
            CancellationToken cancellationToken) => inner.FindByParticipantAsync(surveyId, participantKey, cancellationToken);

        public Task<IReadOnlyList<SurveyAnswer>> GetAnswersAsync(Guid responseId, CancellationToken cancellationToken) =>
            inner.GetAnswersAsync(responseId, cancellationToken);

        public Task RecordConsentAsync(ConsentRecord consent, CancellationToken cancellationToken) => inner.RecordConsentAsync(consent, cancellationToken);

        public Task<IReadOnlyList<ConsentRecord>> GetConsentsAsync(string participantKey, CancellationToken cancellationToken) =>
            inner.GetConsentsAsync(participantKey, cancellationToken);
    }
}
