using Assistant.Web.Announcements;
using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

/// <summary>Announcements and their outbox in PostgreSQL; recipients are listed in byte order of their keys (<c>COLLATE "C"</c>).</summary>
public sealed class PostgresAnnouncementStore(PostgresDatabase database) : IAnnouncementStore
{
    private const string Columns = "id, topic, text_bg, text_en, survey_id, created_by, created_at, send_at, state";
    private const string RecipientColumns = "announcement_id, participant_key, channel, address, language, state, updated_at";

    public Task AddAsync(Announcement announcement, CancellationToken cancellationToken) =>
        database.ExecuteAsync($"""
            INSERT INTO announcements ({Columns}) VALUES (@id, @topic, @bg, @en, @survey, @by, @at, @send, @state)
            """, p =>
        {
            p.AddWithValue("id", announcement.Id);
            p.AddWithValue("topic", announcement.Topic);
            p.AddWithValue("bg", announcement.TextBg);
            p.AddWithValue("en", announcement.TextEn);
            p.Add(new NpgsqlParameter("survey", NpgsqlDbType.Text) { Value = (object?)announcement.SurveyId ?? DBNull.Value });
            p.AddWithValue("by", announcement.CreatedBy);
            p.AddWithValue("at", announcement.CreatedAt.ToUniversalTime());
            p.AddWithValue("send", announcement.SendAt.ToUniversalTime());
            p.AddWithValue("state", AnnouncementStates.Name(announcement.State));
        }, cancellationToken);

    public async Task<Announcement?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await database.QueryAsync($"SELECT {Columns} FROM announcements WHERE id = @id", p => p.AddWithValue("id", id), ReadAnnouncement,
            cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<Announcement>> ListAsync(int max, CancellationToken cancellationToken) =>
        database.QueryAsync($"SELECT {Columns} FROM announcements ORDER BY created_at DESC, id LIMIT @max", p => p.AddWithValue("max", max),
            ReadAnnouncement, cancellationToken);

    public Task<IReadOnlyList<Announcement>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        database.QueryAsync($"SELECT {Columns} FROM announcements WHERE state <> 'done' AND send_at <= @now ORDER BY send_at, id LIMIT @max", p =>
        {
            p.AddWithValue("now", now.ToUniversalTime());
            p.AddWithValue("max", max);
        }, ReadAnnouncement, cancellationToken);

    public async Task<int> AddRecipientsAsync(Guid announcementId, IReadOnlyList<AnnouncementRecipient> recipients,
        CancellationToken cancellationToken)
    {
        if (recipients.Count == 0)
        {
            return 0;
        }

        return await database.ExecuteAsync($"""
            INSERT INTO announcement_recipients ({RecipientColumns})
            SELECT @id, r.key, r.channel, r.address, r.language, 'pending', r.at
            FROM unnest(@keys, @channels, @addresses, @languages, @ats) AS r(key, channel, address, language, at)
            ON CONFLICT (announcement_id, participant_key) DO NOTHING
            """, p =>
        {
            p.AddWithValue("id", announcementId);
            p.AddWithValue("keys", recipients.Select(r => r.ParticipantKey).ToArray());
            p.AddWithValue("channels", recipients.Select(r => r.Channel).ToArray());
            p.AddWithValue("addresses", recipients.Select(r => r.Address).ToArray());
            p.AddWithValue("languages", recipients.Select(r => r.Language).ToArray());
            p.AddWithValue("ats", recipients.Select(r => r.UpdatedAt.ToUniversalTime()).ToArray());
        }, cancellationToken);
    }

    public async Task<bool> SetStateAsync(Guid announcementId, AnnouncementState state, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("UPDATE announcements SET state = @state WHERE id = @id", p =>
        {
            p.AddWithValue("id", announcementId);
            p.AddWithValue("state", AnnouncementStates.Name(state));
        }, cancellationToken) > 0;

    public Task<IReadOnlyList<AnnouncementRecipient>> ListPendingAsync(Guid announcementId, int max, CancellationToken cancellationToken) =>
        database.QueryAsync($"""
            SELECT {RecipientColumns} FROM announcement_recipients WHERE announcement_id = @id AND state = 'pending'
            ORDER BY participant_key COLLATE "C" LIMIT @max
            """, p =>
        {
            p.AddWithValue("id", announcementId);
            p.AddWithValue("max", max);
        }, ReadRecipient, cancellationToken);

    public async Task<bool> TryClaimAsync(Guid announcementId, string participantKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("""
            UPDATE announcement_recipients SET state = 'sending', updated_at = @at
            WHERE announcement_id = @id AND participant_key = @key AND state = 'pending'
            """, p => Bind(p, announcementId, participantKey, now), cancellationToken) == 1;

    public Task CompleteAsync(Guid announcementId, string participantKey, RecipientState state, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        database.ExecuteAsync("""
            UPDATE announcement_recipients SET state = @state, updated_at = @at
            WHERE announcement_id = @id AND participant_key = @key AND state = 'sending'
            """, p =>
        {
            Bind(p, announcementId, participantKey, now);
            p.AddWithValue("state", AnnouncementStates.Name(state));
        }, cancellationToken);

    public Task<int> FailStaleClaimsAsync(DateTimeOffset claimedBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ExecuteAsync("UPDATE announcement_recipients SET state = 'failed', updated_at = @at WHERE state = 'sending' AND updated_at < @before", p =>
        {
            p.AddWithValue("at", now.ToUniversalTime());
            p.AddWithValue("before", claimedBefore.ToUniversalTime());
        }, cancellationToken);

    public async Task<AnnouncementCounts> CountAsync(Guid announcementId, CancellationToken cancellationToken)
    {
        var rows = await database.QueryAsync("SELECT state, COUNT(*)::int FROM announcement_recipients WHERE announcement_id = @id GROUP BY state",
            p => p.AddWithValue("id", announcementId),
            r => (State: AnnouncementStates.ParseRecipient(r.GetString(0)), Count: r.GetInt32(1)), cancellationToken);
        int Of(RecipientState s) => rows.Where(x => x.State == s).Sum(x => x.Count);
        return new AnnouncementCounts(Of(RecipientState.Pending), Of(RecipientState.Sending), Of(RecipientState.Sent),
            Of(RecipientState.Failed), Of(RecipientState.Blocked));
    }

    private static void Bind(NpgsqlParameterCollection p, Guid announcementId, string participantKey, DateTimeOffset now)
    {
        p.AddWithValue("id", announcementId);
        p.AddWithValue("key", participantKey);
        p.AddWithValue("at", now.ToUniversalTime());
    }

    private static Announcement ReadAnnouncement(NpgsqlDataReader r) => new(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<DateTimeOffset>(7),
        AnnouncementStates.ParseAnnouncement(r.GetString(8)));

    private static AnnouncementRecipient ReadRecipient(NpgsqlDataReader r) => new(r.GetGuid(0), r.GetString(1), r.GetString(2),
        r.GetString(3), r.GetString(4), AnnouncementStates.ParseRecipient(r.GetString(5)), r.GetFieldValue<DateTimeOffset>(6));
}
