using Assistant.Web.Announcements;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>Announcements and their outbox in the SQLite file. Times are UTC round-trip strings, which sort as instants.</summary>
public sealed class SqliteAnnouncementStore(SqliteDatabase database) : IAnnouncementStore
{
    private const string Columns = "id, topic, text_bg, text_en, survey_id, created_by, created_at, send_at, state";
    private const string RecipientColumns = "announcement_id, participant_key, channel, address, language, state, updated_at";

    public Task AddAsync(Announcement announcement, CancellationToken cancellationToken) =>
        database.ExecuteAsync($"""
            INSERT INTO announcements ({Columns}) VALUES ($id, $topic, $bg, $en, $survey, $by, $at, $send, $state)
            """, p =>
        {
            p.AddWithValue("$id", announcement.Id.ToString());
            p.AddWithValue("$topic", announcement.Topic);
            p.AddWithValue("$bg", announcement.TextBg);
            p.AddWithValue("$en", announcement.TextEn);
            p.AddWithValue("$survey", (object?)announcement.SurveyId ?? DBNull.Value);
            p.AddWithValue("$by", announcement.CreatedBy);
            p.AddWithValue("$at", SqliteTime.ToText(announcement.CreatedAt));
            p.AddWithValue("$send", SqliteTime.ToText(announcement.SendAt));
            p.AddWithValue("$state", AnnouncementStates.Name(announcement.State));
        }, cancellationToken);

    public async Task<Announcement?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await database.QueryAsync($"SELECT {Columns} FROM announcements WHERE id = $id", p => p.AddWithValue("$id", id.ToString()),
            ReadAnnouncement, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<Announcement>> ListAsync(int max, CancellationToken cancellationToken) =>
        database.QueryAsync($"SELECT {Columns} FROM announcements ORDER BY created_at DESC, id LIMIT $max", p => p.AddWithValue("$max", max),
            ReadAnnouncement, cancellationToken);

    public Task<IReadOnlyList<Announcement>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        database.QueryAsync($"""
            SELECT {Columns} FROM announcements WHERE state <> 'done' AND send_at <= $now ORDER BY send_at, id LIMIT $max
            """, p =>
        {
            p.AddWithValue("$now", SqliteTime.ToText(now));
            p.AddWithValue("$max", max);
        }, ReadAnnouncement, cancellationToken);

    public Task<int> AddRecipientsAsync(Guid announcementId, IReadOnlyList<AnnouncementRecipient> recipients, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var added = 0;
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                INSERT INTO announcement_recipients ({RecipientColumns}) VALUES ($id, $key, $channel, $address, $language, 'pending', $at)
                ON CONFLICT (announcement_id, participant_key) DO NOTHING
                """;
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var key = command.Parameters.Add("$key", SqliteType.Text);
            var channel = command.Parameters.Add("$channel", SqliteType.Text);
            var address = command.Parameters.Add("$address", SqliteType.Text);
            var language = command.Parameters.Add("$language", SqliteType.Text);
            var at = command.Parameters.Add("$at", SqliteType.Text);
            foreach (var r in recipients)
            {
                id.Value = announcementId.ToString();
                key.Value = r.ParticipantKey;
                channel.Value = r.Channel;
                address.Value = r.Address;
                language.Value = r.Language;
                at.Value = SqliteTime.ToText(r.UpdatedAt);
                added += await command.ExecuteNonQueryAsync(token);
            }

            return added;
        }, cancellationToken);

    public async Task<bool> SetStateAsync(Guid announcementId, AnnouncementState state, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("UPDATE announcements SET state = $state WHERE id = $id", p =>
        {
            p.AddWithValue("$id", announcementId.ToString());
            p.AddWithValue("$state", AnnouncementStates.Name(state));
        }, cancellationToken) > 0;

    public Task<IReadOnlyList<AnnouncementRecipient>> ListPendingAsync(Guid announcementId, int max, CancellationToken cancellationToken) =>
        database.QueryAsync($"""
            SELECT {RecipientColumns} FROM announcement_recipients WHERE announcement_id = $id AND state = 'pending'
            ORDER BY participant_key LIMIT $max
            """, p =>
        {
            p.AddWithValue("$id", announcementId.ToString());
            p.AddWithValue("$max", max);
        }, ReadRecipient, cancellationToken);

    public async Task<bool> TryClaimAsync(Guid announcementId, string participantKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("""
            UPDATE announcement_recipients SET state = 'sending', updated_at = $at
            WHERE announcement_id = $id AND participant_key = $key AND state = 'pending'
            """, p => Bind(p, announcementId, participantKey, now), cancellationToken) == 1;

    public Task CompleteAsync(Guid announcementId, string participantKey, RecipientState state, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        database.ExecuteAsync("""
            UPDATE announcement_recipients SET state = $state, updated_at = $at
            WHERE announcement_id = $id AND participant_key = $key AND state = 'sending'
            """, p =>
        {
            Bind(p, announcementId, participantKey, now);
            p.AddWithValue("$state", AnnouncementStates.Name(state));
        }, cancellationToken);

    public Task<int> FailStaleClaimsAsync(DateTimeOffset claimedBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ExecuteAsync("UPDATE announcement_recipients SET state = 'failed', updated_at = $at WHERE state = 'sending' AND updated_at < $before", p =>
        {
            p.AddWithValue("$at", SqliteTime.ToText(now));
            p.AddWithValue("$before", SqliteTime.ToText(claimedBefore));
        }, cancellationToken);

    public async Task<AnnouncementCounts> CountAsync(Guid announcementId, CancellationToken cancellationToken)
    {
        var rows = await database.QueryAsync("SELECT state, COUNT(*) FROM announcement_recipients WHERE announcement_id = $id GROUP BY state",
            p => p.AddWithValue("$id", announcementId.ToString()),
            r => (State: AnnouncementStates.ParseRecipient(r.GetString(0)), Count: r.GetInt32(1)), cancellationToken);
        int Of(RecipientState s) => rows.Where(x => x.State == s).Sum(x => x.Count);
        return new AnnouncementCounts(Of(RecipientState.Pending), Of(RecipientState.Sending), Of(RecipientState.Sent),
            Of(RecipientState.Failed), Of(RecipientState.Blocked));
    }

    private static void Bind(SqliteParameterCollection p, Guid announcementId, string participantKey, DateTimeOffset now)
    {
        p.AddWithValue("$id", announcementId.ToString());
        p.AddWithValue("$key", participantKey);
        p.AddWithValue("$at", SqliteTime.ToText(now));
    }

    private static Announcement ReadAnnouncement(SqliteDataReader r) => new(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2),
        r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), SqliteTime.Parse(r.GetString(6)),
        SqliteTime.Parse(r.GetString(7)), AnnouncementStates.ParseAnnouncement(r.GetString(8)));

    private static AnnouncementRecipient ReadRecipient(SqliteDataReader r) => new(Guid.Parse(r.GetString(0)), r.GetString(1),
        r.GetString(2), r.GetString(3), r.GetString(4), AnnouncementStates.ParseRecipient(r.GetString(5)), SqliteTime.Parse(r.GetString(6)));
}
