using System.Text;
using System.Text.Json.Nodes;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Channels.Telegram;
using Assistant.Web.Storage;
using Assistant.Web.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Tests.Storage;

/// <summary>
/// Erased means gone from the disk too: after an erasure or a purge, the raw bytes of the SQLite file and of its
/// <c>-wal</c> hold nothing of what went, while what another participant wrote the same way is still found by the same
/// scan (so the scan can see). What an attacker with a copy of the files would read.
/// </summary>
public sealed class SqliteErasureOnDiskTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Erased_words_and_web_user_id_are_in_neither_the_database_file_nor_its_wal(bool groupCommit)
    {
        await using var file = await SqliteTestFile.CreateAsync(groupCommit);
        var stores = StoreSet.Sqlite(file.Database, TimeProvider.System);
        var alice = new Participant("p_alice", "convA", "dl_alice" + Guid.NewGuid().ToString("N"), "4242", "said-by-alice-" + Guid.NewGuid().ToString("N"));
        var bob = new Participant("p_bob", "convB", "dl_bob" + Guid.NewGuid().ToString("N"), "777", "said-by-bob-" + Guid.NewGuid().ToString("N"));
        // Interleaved and enough of it to fill many pages, so the erasure frees whole pages and parts of shared ones.
        for (var round = 0; round < 60; round++)
        {
            await WriteEverywhereAsync(stores, alice, round);
            await WriteEverywhereAsync(stores, bob, round);
        }

        Assert.True(OnDisk(file, alice.Words), "alice's words are on disk before the erasure");
        Assert.True(await stores.Privacy.EraseAsync(alice.Key, Ct) > 0);

        Assert.False(OnDisk(file, alice.Words), "alice's words are still in the database file or its -wal");
        Assert.False(OnDisk(file, alice.WebUserId), "alice's web user id is still in the database file or its -wal");
        Assert.True(OnDisk(file, bob.Words), "bob's words are gone too: the scan proves nothing");
        Assert.True(OnDisk(file, bob.WebUserId));
        Assert.Equal(0, WalBytes(file));
    }

    [Fact]
    public async Task Purged_words_are_in_neither_the_database_file_nor_its_wal()
    {
        await using var file = await SqliteTestFile.CreateAsync();
        var stores = StoreSet.Sqlite(file.Database, TimeProvider.System);
        var cutoff = DateTimeOffset.UtcNow.AddDays(-1);
        var old = "said-long-ago-" + Guid.NewGuid().ToString("N");
        var recent = "said-lately-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 100; i++)
        {
            await stores.Transcripts.AppendAsync(
            [
                new TranscriptEntry("directline/a", TranscriptEntry.Inbound, $"o{i}", cutoff.AddDays(-1), $$"""{"text":"{{old}} {{i}}"}"""),
                new TranscriptEntry("directline/a", TranscriptEntry.Inbound, $"n{i}", cutoff.AddHours(1), $$"""{"text":"{{recent}} {{i}}"}"""),
            ], Ct);
            await stores.Unanswered.AddAsync(new UnansweredQuestion(Guid.NewGuid(), $"{old} {i}?", "bg", "directline", cutoff.AddDays(-1), []), Ct);
        }

        Assert.True(OnDisk(file, old));
        Assert.Equal(200, await stores.Privacy.PurgeOlderThanAsync(cutoff, Ct));

        Assert.False(OnDisk(file, old), "purged words are still in the database file or its -wal");
        Assert.True(OnDisk(file, recent));
    }

    [Fact]
    public async Task Every_connection_overwrites_what_it_deletes_the_writers_and_the_pooled_ones()
    {
        await using var file = await SqliteTestFile.CreateAsync();
        var writer = await file.Database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA secure_delete";
            return (long)(await command.ExecuteScalarAsync(token))!;
        }, Ct);
        await using var pooled = await file.Database.OpenAsync(Ct);
        await using var read = pooled.CreateCommand();
        read.CommandText = "PRAGMA secure_delete";

        Assert.Equal(1L, writer);
        Assert.Equal(1L, (long)(await read.ExecuteScalarAsync(Ct))!);
    }

    [Fact]
    public async Task A_file_from_before_secure_delete_is_vacuumed_once_when_migrated_so_rows_deleted_earlier_are_gone()
    {
        var folder = Directory.CreateTempSubdirectory("assistant-store-").FullName;
        var path = Path.Combine(folder, "assistant.db");
        var deleted = "deleted-before-the-upgrade-" + Guid.NewGuid().ToString("N");
        var kept = "kept-through-the-upgrade-" + Guid.NewGuid().ToString("N");
        try
        {
            // The file as the previous version left it: schema 7, WAL, secure_delete off, a row deleted and checkpointed.
            await using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await old.OpenAsync(Ct);
                await ExecuteAsync(old, "PRAGMA journal_mode=WAL; PRAGMA secure_delete=OFF;");
                for (var step = 0; step < SqliteDatabase.SecureDeleteVersion - 1; step++)
                {
                    await ExecuteAsync(old, SqliteMigrations.All[step] + $"\nPRAGMA user_version = {step + 1};");
                }

                await ExecuteAsync(old, $"""
                    INSERT INTO transcripts (conversation_key, direction, timestamp, json) VALUES ('directline/x', 'in', '2025-01-01', '{deleted}');
                    INSERT INTO transcripts (conversation_key, direction, timestamp, json) VALUES ('directline/y', 'in', '2025-01-01', '{kept}');
                    DELETE FROM transcripts WHERE conversation_key = 'directline/x';
                    PRAGMA wal_checkpoint(TRUNCATE);
                    """);
            }

            Assert.True(OnDisk(path, deleted), "without secure_delete a deleted row stays in the file (what the upgrade fixes)");

            await using var database = new SqliteDatabase($"Data Source={path}");
            Assert.True(await database.MigrateAsync(Ct));
            Assert.False(OnDisk(path, deleted));
            Assert.True(OnDisk(path, kept));
            Assert.False(await database.MigrateAsync(Ct), "vacuumed once, not at every start");

            await using var connection = await database.OpenAsync(Ct);
            SqliteConnection.ClearPool(connection);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private sealed record Participant(string Key, string Conversation, string WebUserId, string TelegramChat, string Words);

    /// <summary>One round of what a participant leaves in every personal table, each time with their words in it.</summary>
    private static async Task WriteEverywhereAsync(StoreSet s, Participant p, int round)
    {
        var said = $"{p.Words} {round}";
        if (round == 0)
        {
            await s.Privacy.LinkAsync(new ParticipantLink(p.Key, ChannelIds.DirectLine, p.Conversation, $"directline/{p.Conversation}",
                $"directline/users/{p.WebUserId}", T0), Ct);
            await s.Privacy.LinkAsync(new ParticipantLink(p.Key, ChannelIds.Telegram, p.TelegramChat, $"telegram/{p.TelegramChat}",
                $"telegram/users/{p.TelegramChat}", T0), Ct);
            await s.Surveys.RecordConsentAsync(new ConsentRecord(p.Key, "wellbeing", 1, ChannelIds.DirectLine, T0), Ct);
            await s.ActivityLog.CreateConversationAsync(new DirectLineConversation(p.Conversation, p.WebUserId, "bg-BG", T0), Ct);
        }

        var response = new SurveyResponse(Guid.NewGuid(), "wellbeing", 1, p.Key, ChannelIds.DirectLine, T0, null, ResponseStatus.InProgress);
        await s.Surveys.StartAsync(response, Ct);
        await s.Surveys.SaveAnswerAsync(new SurveyAnswer(response.Id, "comment", $$"""{"value":"{{said}}"}""", T0), Ct);
        // The state documents are rewritten every turn, as the turn pipeline does: each rewrite frees the earlier version.
        await PutAsync(s.State, $"directline/conversations/{p.Conversation}", $$"""{"lastText":"{{said}}"}""");
        await PutAsync(s.State, $"directline/users/{p.WebUserId}", $$"""{"note":"{{said}}"}""");
        await s.Transcripts.AppendAsync(
        [
            new TranscriptEntry($"directline/{p.Conversation}", TranscriptEntry.Inbound, $"i{round}", T0, $$$"""{"text":"{{{said}}}","from":{"id":"{{{p.WebUserId}}}"}}"""),
            new TranscriptEntry($"directline/{p.Conversation}", TranscriptEntry.Outbound, $"o{round}", T0, $$"""{"text":"Вие казахте: {{said}}"}"""),
        ], Ct);
        await s.Unanswered.AddAsync(new UnansweredQuestion(Guid.NewGuid(), said + "?", "bg", ChannelIds.DirectLine, T0, [],
            $"directline/{p.Conversation}"), Ct);
        var inbound = await s.ActivityLog.AppendInboundAsync(p.Conversation, new Activity
        {
            Type = ActivityTypes.Message,
            Text = said,
            From = new ChannelAccount { Id = p.WebUserId, Role = "user" },
            ChannelData = new JsonObject { ["clientActivityID"] = $"{p.Conversation}-{round}" },
        }, Ct);
        await s.ActivityLog.CompleteTurnAsync(p.Conversation, inbound.Logged.Sequence,
            [new Activity { Text = "Вие казахте: " + said, Recipient = new ChannelAccount { Id = p.WebUserId, Role = "user" } }], Ct);
        await PutAsync(s.State, ChannelIds.TelegramChatKey(p.TelegramChat), $$"""{"keyboard":["{{said}}"]}""");
        var updateId = long.Parse(p.TelegramChat, System.Globalization.CultureInfo.InvariantCulture) * 1000 + round;
        await s.ProcessedUpdates.TryClaimAsync(new ReceivedUpdate("polling", updateId, p.TelegramChat,
            $$$"""{"update_id":{{{updateId}}},"message":{"text":"{{{said}}}"}}""", T0), Ct);
    }

    private static async Task PutAsync(IStateStore state, string key, string json) =>
        await state.WriteAsync(key, json, (await state.ReadAsync(key, Ct))?.ETag, Ct);

    private static bool OnDisk(SqliteTestFile file, string needle) => OnDisk(file.FilePath, needle);

    /// <summary>Whether the UTF-8 bytes of <paramref name="needle"/> occur in the database file or in its -wal.</summary>
    private static bool OnDisk(string databasePath, string needle)
    {
        var bytes = Encoding.UTF8.GetBytes(needle);
        return new[] { databasePath, databasePath + "-wal" }.Any(path => File.Exists(path) && ReadShared(path).AsSpan().IndexOf(bytes) >= 0);
    }

    private static long WalBytes(SqliteTestFile file) =>
        File.Exists(file.FilePath + "-wal") ? new FileInfo(file.FilePath + "-wal").Length : 0;

    /// <summary>Reads a file SQLite has open (as a backup tool or an attacker with a copy would).</summary>
    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
