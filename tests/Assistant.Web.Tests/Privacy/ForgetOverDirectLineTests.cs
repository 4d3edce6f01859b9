using Assistant.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Privacy;

public sealed class ForgetOverDirectLineTests
{
    private const string Secret = "Моят таен въпрос за Витоша 7319";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forget_leaves_no_row_with_the_participant_key_or_their_words_in_any_table()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
        watermark = await dl.SayAsync("/survey e-government-participation", "Съгласни ли сте", watermark, Ct);
        watermark = await dl.SayAsync("Съгласен/на съм", "Въпрос 1 от", watermark, Ct);
        watermark = await dl.SayAsync("Нито веднъж", "Въпрос 2 от", watermark, Ct);
        watermark = await dl.SayAsync("пауза", "пауза", watermark, Ct);
        watermark = await dl.SayAsync(Secret, "", watermark, Ct);
        watermark = await dl.SayAsync("/mydata", "код на участник", watermark, Ct);

        var userId = (string)(await dl.GetActivitiesAsync(null, Ct)).Activities
            .First(a => (string?)a!["from"]!["role"] == "user")!["from"]!["id"]!;
        var key = server.Services.GetRequiredService<ParticipantKeys>().For("directline", userId);
        Assert.True(await CountRowsContainingAsync(server.DatabasePath, key) > 0, "the participant is in storage before /forget");
        var staff = await server.Services.GetRequiredService<Assistant.Web.Admin.Security.StaffAccounts>()
            .CreateAsync("exporter", Assistant.Web.Admin.Security.StaffRoles.Reviewer, "Exp0rter-Passw0rd-Vitosha-91", "test", Ct);
        Assert.True(staff.Succeeded, staff.Error);
        Assert.Equal(1, await ExportedResponsesAsync(server));
        Assert.True(await CountRowsContainingAsync(server.DatabasePath, Secret) > 0);

        watermark = await dl.SayAsync("/forget", "Да изтрия ли", watermark, Ct);
        await dl.SayAsync("Да, изтрий всичко", "изтрих всичко", watermark, Ct);

        Assert.Equal(0, await CountRowsContainingAsync(server.DatabasePath, key));
        Assert.Equal(0, await CountRowsContainingAsync(server.DatabasePath, Secret));
        Assert.Equal(0, await CountRowsContainingAsync(server.DatabasePath, "Нито веднъж"));
        Assert.Equal(0, await ExportedResponsesAsync(server));

        // The conversation still works, from scratch.
        var (_, latest) = await dl.GetActivitiesAsync(null, Ct);
        await dl.SayAsync("здравей", "Здравейте", latest, Ct);
    }

    [Fact]
    public async Task Forget_leaves_neither_the_words_nor_the_web_user_id_in_the_database_file_or_its_wal()
    {
        const string theirs = "Моят таен въпрос за Люлин 4620";
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var other = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
        var (_, otherWatermark) = await other.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
        for (var i = 0; i < 3; i++)
        {
            watermark = await dl.SayAsync(Secret, "", watermark, Ct);
            otherWatermark = await other.SayAsync(theirs, "", otherWatermark, Ct);
        }

        var userId = (string)(await dl.GetActivitiesAsync(null, Ct)).Activities
            .First(a => (string?)a!["from"]!["role"] == "user")!["from"]!["id"]!;
        Assert.True(OnDisk(server.DatabasePath, Secret));
        Assert.True(OnDisk(server.DatabasePath, userId));

        watermark = await dl.SayAsync("/forget", "Да изтрия ли", watermark, Ct);
        await dl.SayAsync("Да, изтрий всичко", "изтрих всичко", watermark, Ct);

        // No row names the web user: not the conversation's, not the logged confirmation.
        Assert.Equal(0, await CountRowsContainingAsync(server.DatabasePath, userId));
        Assert.False(OnDisk(server.DatabasePath, Secret), "the erased words are still in the database file or its -wal");
        Assert.False(OnDisk(server.DatabasePath, userId), "the erased web user id is still in the database file or its -wal");
        Assert.True(OnDisk(server.DatabasePath, theirs), "the other participant's words are gone too: the scan proves nothing");
    }

    /// <summary>Whether the UTF-8 bytes of <paramref name="needle"/> occur in the database file or in its -wal.</summary>
    private static bool OnDisk(string databasePath, string needle)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(needle);
        return new[] { databasePath, databasePath + "-wal" }.Any(path =>
        {
            if (!File.Exists(path))
            {
                return false;
            }

            // Shared, as SQLite has the file open (as a backup tool, or an attacker with a copy, reads it).
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray().AsSpan().IndexOf(bytes) >= 0;
        });
    }

    /// <summary>Responses in the staff JSON export of the survey the participant answered.</summary>
    private static async Task<int> ExportedResponsesAsync(AssistantServer server)
    {
        using var http = server.NewClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("exporter:Exp0rter-Passw0rd-Vitosha-91")));
        var response = await http.GetAsync("/api/admin/surveys/e-government-participation/export?format=json", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        var json = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        return (json as System.Text.Json.Nodes.JsonArray ?? json["responses"]!.AsArray()).Count;
    }

    /// <summary>Rows of every table whose any text column contains the needle.</summary>
    private static async Task<int> CountRowsContainingAsync(string databasePath, string needle)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var total = 0;
        foreach (var table in tables)
        {
            var columns = new List<string>();
            await using (var info = connection.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
                await using var reader = await info.ExecuteReaderAsync(Ct);
                while (await reader.ReadAsync(Ct))
                {
                    columns.Add(reader.GetString(0));
                }
            }

            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE " + string.Join(" OR ", columns.Select(c => $"instr(CAST(\"{c}\" AS TEXT), $needle) > 0"));
            count.Parameters.AddWithValue("$needle", needle);
            total += Convert.ToInt32(await count.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        return total;
    }
}
