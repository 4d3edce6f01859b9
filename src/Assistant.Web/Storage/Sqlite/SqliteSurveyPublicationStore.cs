using Assistant.Core.Surveys.Publications;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>Survey closings, published results and outcome notes in the SQLite file; one row per survey, created by the first change.</summary>
public sealed class SqliteSurveyPublicationStore(SqliteDatabase database) : ISurveyPublicationStore
{
    private const string Columns =
        "survey_id, closed_at, closed_by, published_at, published_by, results_url, note_bg, note_en, updated_at, updated_by";

    public async Task<SurveyPublication?> GetAsync(string surveyId, CancellationToken cancellationToken) =>
        (await database.QueryAsync($"SELECT {Columns} FROM survey_publications WHERE survey_id = $id", p => p.AddWithValue("$id", surveyId),
            Read, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<SurveyPublication>> ListAsync(CancellationToken cancellationToken) =>
        database.QueryAsync($"SELECT {Columns} FROM survey_publications ORDER BY survey_id", _ => { }, Read, cancellationToken);

    public async Task<bool> CloseAsync(string surveyId, string by, DateTimeOffset at, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("""
            INSERT INTO survey_publications (survey_id, closed_at, closed_by, updated_at, updated_by) VALUES ($id, $at, $by, $at, $by)
            ON CONFLICT (survey_id) DO UPDATE SET closed_at = excluded.closed_at, closed_by = excluded.closed_by,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            WHERE survey_publications.closed_at IS NULL
            """, p => Bind(p, surveyId, by, at), cancellationToken) == 1;

    public Task PublishAsync(string surveyId, string resultsUrl, string resultsJson, string by, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        database.ExecuteAsync("""
            INSERT INTO survey_publications (survey_id, published_at, published_by, results_url, results_json, updated_at, updated_by)
            VALUES ($id, $at, $by, $url, $json, $at, $by)
            ON CONFLICT (survey_id) DO UPDATE SET published_at = excluded.published_at, published_by = excluded.published_by,
                results_url = excluded.results_url, results_json = excluded.results_json,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """, p =>
        {
            Bind(p, surveyId, by, at);
            p.AddWithValue("$url", resultsUrl);
            p.AddWithValue("$json", resultsJson);
        }, cancellationToken);

    public async Task<bool> UnpublishAsync(string surveyId, string by, DateTimeOffset at, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("""
            UPDATE survey_publications SET published_at = NULL, published_by = NULL, results_url = NULL, results_json = NULL,
                updated_at = $at, updated_by = $by
            WHERE survey_id = $id AND published_at IS NOT NULL
            """, p => Bind(p, surveyId, by, at), cancellationToken) == 1;

    public Task SetNoteAsync(string surveyId, string noteBg, string noteEn, string by, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.ExecuteAsync("""
            INSERT INTO survey_publications (survey_id, note_bg, note_en, updated_at, updated_by) VALUES ($id, $bg, $en, $at, $by)
            ON CONFLICT (survey_id) DO UPDATE SET note_bg = excluded.note_bg, note_en = excluded.note_en,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """, p =>
        {
            Bind(p, surveyId, by, at);
            p.AddWithValue("$bg", noteBg);
            p.AddWithValue("$en", noteEn);
        }, cancellationToken);

    public async Task<string?> GetResultsAsync(string surveyId, CancellationToken cancellationToken) =>
        (await database.QueryAsync("SELECT results_json FROM survey_publications WHERE survey_id = $id AND published_at IS NOT NULL",
            p => p.AddWithValue("$id", surveyId), r => r.IsDBNull(0) ? null : r.GetString(0), cancellationToken)).SingleOrDefault();

    private static void Bind(SqliteParameterCollection p, string surveyId, string by, DateTimeOffset at)
    {
        p.AddWithValue("$id", surveyId);
        p.AddWithValue("$by", by);
        p.AddWithValue("$at", SqliteTime.ToText(at));
    }

    private static SurveyPublication Read(SqliteDataReader r) => new(r.GetString(0),
        r.IsDBNull(1) ? null : SqliteTime.Parse(r.GetString(1)), r.IsDBNull(2) ? null : r.GetString(2),
        r.IsDBNull(3) ? null : SqliteTime.Parse(r.GetString(3)), r.IsDBNull(4) ? null : r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), r.GetString(7), SqliteTime.Parse(r.GetString(8)), r.GetString(9));
}
