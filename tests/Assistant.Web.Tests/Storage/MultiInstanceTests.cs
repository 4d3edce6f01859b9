using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Assistant.Web.Tests.Storage;

/// <summary>
/// Two server instances on one PostgreSQL database, as behind a load balancer: a Direct Line conversation moves between
/// them freely, a WebSocket held by one gets what the other appends (LISTEN/NOTIFY wakes it, the table is the truth),
/// and turns racing on both are neither lost nor doubled.
/// </summary>
public sealed class MultiInstanceTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_conversation_started_on_A_and_posted_to_on_both_streams_every_activity_in_order_from_B()
    {
        var connectionString = await cluster.CreateDatabaseAsync("two_instances_stream");
        await using var a = StartInstance(connectionString);
        await using var b = StartInstance(connectionString);
        var onA = await DirectLineClient.StartAsync(a.NewClient(), Ct);
        var onB = OtherInstance(onA, b);
        using var socket = await OpenStreamAsync(onB);
        var stream = new StreamReader(socket);
        await stream.ReceiveUntilAsync(x => x["suggestedActions"] is not null);

        var posted = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            // Alternate: B's own turns wake its stream in-process; A's reach it only through PostgreSQL.
            var client = i % 2 == 0 ? onA : onB;
            var id = await client.PostMessageAsync(i % 3 == 0 ? "помощ" : "меню", Ct);
            posted.Add(id);
            await stream.ReceiveUntilAsync(x => (string?)x["replyToId"] == id);
        }

        var log = (await onB.GetActivitiesAsync("", Ct)).Activities.Select(x => (string)x!["id"]!).ToList();
        Assert.Equal(log, stream.Activities.Select(x => (string)x["id"]!));
        Assert.Equal(Enumerable.Range(1, log.Count).Select(n => ActivityStamp.IdFor(onA.ConversationId!, n)), log);
        Assert.All(posted, id => Assert.Contains(id, log));
        Assert.All(stream.Watermarks.Zip(stream.Watermarks.Skip(1)), w => Assert.True(w.Second > w.First));
    }

    [Fact]
    public async Task Turns_of_one_conversation_racing_on_both_instances_are_neither_lost_nor_doubled()
    {
        var connectionString = await cluster.CreateDatabaseAsync("two_instances_race");
        await using var a = StartInstance(connectionString);
        await using var b = StartInstance(connectionString);
        var onA = await DirectLineClient.StartAsync(a.NewClient(), Ct);
        var onB = OtherInstance(onA, b);
        await onA.PollUntilAsync(x => x["suggestedActions"] is not null, Ct);

        var posted = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var posts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                await gate.Task;
                return await (i % 2 == 0 ? onA : onB).PostMessageAsync(i % 2 == 0 ? "помощ" : "меню", Ct);
            }, Ct)).ToList();
            gate.SetResult();
            posted.AddRange(await Task.WhenAll(posts));
        }

        var log = await WaitForRepliesAsync(onA, posted);
        await AssertEachTurnRanOnceAsync(connectionString, onA.ConversationId!, posted, log);
    }

    [Fact]
    public async Task A_turn_scheduled_on_both_instances_is_run_once()
    {
        var connectionString = await cluster.CreateDatabaseAsync("two_instances_same_turn");
        await using var a = StartInstance(connectionString);
        await using var b = StartInstance(connectionString);
        var onA = await DirectLineClient.StartAsync(a.NewClient(), Ct);
        await onA.PollUntilAsync(x => x["suggestedActions"] is not null, Ct);
        var runnerB = b.Services.GetRequiredService<DirectLineTurnRunner>();

        var posted = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            // Posted to A (whose runner takes it) while B's runner is told to look at the same conversation.
            var id = await onA.PostMessageAsync(i % 2 == 0 ? "помощ" : "меню", Ct);
            runnerB.Schedule(onA.ConversationId!);
            posted.Add(id);
        }

        var log = await WaitForRepliesAsync(onA, posted);
        await AssertEachTurnRanOnceAsync(connectionString, onA.ConversationId!, posted, log);
    }

    [Fact]
    public async Task A_turn_that_B_found_unhandled_but_A_completed_before_a_later_one_is_not_run_again()
    {
        var connectionString = await cluster.CreateDatabaseAsync("two_instances_stale");
        await using var a = StartInstance(connectionString);
        await using var b = StartInstance(connectionString);
        var onA = await DirectLineClient.StartAsync(a.NewClient(), Ct);
        var (_, watermark) = await onA.PollUntilAsync(x => x["suggestedActions"] is not null, Ct);
        var first = await onA.PostMessageAsync("помощ", Ct);
        (_, watermark) = await onA.PollUntilAsync(x => (string?)x["replyToId"] == first, Ct, watermark);
        var second = await onA.PostMessageAsync("меню", Ct);
        await onA.PollUntilAsync(x => (string?)x["replyToId"] == second, Ct, watermark);
        var key = new Assistant.Core.Conversation.ConversationKey(DirectLineTurnRunner.Channel, onA.ConversationId!);
        var state = b.Services.GetRequiredService<IStateStore>();
        var before = await state.ReadAsync(key.StateKey, Ct);

        // What B's runner does with the list it read before A completed both turns.
        var logB = b.Services.GetRequiredService<IActivityLogStore>();
        var stale = (await logB.ReadAfterAsync(onA.ConversationId!, 0, 100, Ct)).Single(l => l.Activity.Id == first);
        var replies = await b.Services.GetRequiredService<Assistant.Core.Turns.TurnProcessor>().ProcessAsync(key, stale.Activity, Ct);
        Assert.Empty(await logB.CompleteTurnAsync(onA.ConversationId!, stale.Sequence, replies, Ct));

        Assert.Equal(before, await state.ReadAsync(key.StateKey, Ct));
        await AssertEachTurnRanOnceAsync(connectionString, onA.ConversationId!, [first, second],
            (await onA.GetActivitiesAsync("", Ct)).Activities.Select(x => x!).ToList());
    }

    [Fact]
    public async Task After_the_listening_connection_is_dropped_the_stream_still_gets_later_activities()
    {
        var connectionString = await cluster.CreateDatabaseAsync("two_instances_drop");
        await using var a = StartInstance(connectionString);
        await using var b = StartInstance(connectionString);
        var relayB = b.Services.GetRequiredService<PostgresActivityRelay>();
        await WaitUntilAsync(() => relayB.Connections >= 1 && relayB.BackendProcessId != 0);
        var onA = await DirectLineClient.StartAsync(a.NewClient(), Ct);
        using var socket = await OpenStreamAsync(OtherInstance(onA, b));
        var stream = new StreamReader(socket);
        await stream.ReceiveUntilAsync(x => x["suggestedActions"] is not null);
        var before = await onA.PostMessageAsync("помощ", Ct);
        await stream.ReceiveUntilAsync(x => (string?)x["replyToId"] == before);

        // The server ends the relay's session, as a failover or an idle-connection killer would.
        var pid = relayB.BackendProcessId;
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync(Ct);
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
            kill.Parameters.AddWithValue("pid", pid);
            Assert.True((bool)(await kill.ExecuteScalarAsync(Ct))!);
        }

        // Appended on A while B is (most likely) not listening: B finds it by looking back once it listens again.
        var during = await onA.PostMessageAsync("меню", Ct);
        await stream.ReceiveUntilAsync(x => (string?)x["replyToId"] == during);
        await WaitUntilAsync(() => relayB.Connections >= 2 && relayB.BackendProcessId != 0);
        Assert.NotEqual(pid, relayB.BackendProcessId);
        var after = await onA.PostMessageAsync("помощ", Ct);
        await stream.ReceiveUntilAsync(x => (string?)x["replyToId"] == after);

        var ids = stream.Activities.Select(x => (string)x["id"]!).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(n => ActivityStamp.IdFor(onA.ConversationId!, n)), ids);
        Assert.Equal(2, relayB.Connections);
    }

    private static AssistantServer StartInstance(string connectionString) =>
        AssistantServer.Start(settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Content:Watch"] = "false",
        });

    /// <summary>The same conversation and token, talking to another instance.</summary>
    private static DirectLineClient OtherInstance(DirectLineClient client, AssistantServer server) =>
        new(server.NewClient()) { Token = client.Token, ConversationId = client.ConversationId };

    /// <summary>Reconnects through the client's instance (as DirectLineJS does) and opens the stream URL it returns.</summary>
    private static async Task<ClientWebSocket> OpenStreamAsync(DirectLineClient client)
    {
        var reconnect = await client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}?watermark=", null, Ct);
        reconnect.EnsureSuccessStatusCode();
        var streamUrl = (string)(await reconnect.Content.ReadFromJsonAsync<JsonObject>(Ct))!["streamUrl"]!;
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl), Ct);
        return socket;
    }

    /// <summary>Polls the log until every posted activity has its replies; returns the whole log.</summary>
    private static async Task<List<JsonNode>> WaitForRepliesAsync(DirectLineClient client, List<string> posted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var log = (await client.GetActivitiesAsync("", Ct)).Activities.Select(x => x!).ToList();
            var answered = log.Select(x => (string?)x["replyToId"]).Where(id => id is not null).ToHashSet();
            if (posted.All(answered.Contains))
            {
                // A moment more: a doubled turn would append after the first one's replies.
                await Task.Delay(300, Ct);
                return (await client.GetActivitiesAsync("", Ct)).Activities.Select(x => x!).ToList();
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not every turn was answered: {posted.Count(p => !answered.Contains(p))} missing.");
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>
    /// Every posted activity is in the log once, its replies are one group (same size for the same text), nothing is
    /// left unhandled, and the transcript holds each inbound activity once: a turn run twice would write it twice.
    /// </summary>
    private static async Task AssertEachTurnRanOnceAsync(string connectionString, string conversationId, List<string> posted,
        List<JsonNode> log)
    {
        var ids = log.Select(x => (string)x["id"]!).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(n => ActivityStamp.IdFor(conversationId, n)), ids);
        Assert.Equal(posted.Count, posted.Distinct().Count());
        var replyCounts = new Dictionary<string, int>();
        foreach (var id in posted)
        {
            Assert.Single(ids, i => i == id);
            var inbound = log.Single(x => (string)x["id"]! == id);
            var replies = log.Where(x => (string?)x["replyToId"] == id).ToList();
            Assert.NotEmpty(replies);
            var text = DirectLineClient.TextOf(inbound);
            if (replyCounts.TryGetValue(text, out var expected))
            {
                Assert.Equal(expected, replies.Count);
            }
            else
            {
                replyCounts[text] = replies.Count;
            }
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using (var unhandled = new NpgsqlCommand(
            "SELECT count(*) FROM dl_activities WHERE conversation_id = @c AND inbound AND NOT handled", connection))
        {
            unhandled.Parameters.AddWithValue("c", conversationId);
            Assert.Equal(0L, (long)(await unhandled.ExecuteScalarAsync(Ct))!);
        }

        await using var transcript = new NpgsqlCommand("""
            SELECT activity_id, count(*) FROM transcripts WHERE conversation_key = @k AND direction = 'in' AND activity_id = ANY(@ids)
            GROUP BY activity_id
            """, connection);
        transcript.Parameters.AddWithValue("k", $"{DirectLineTurnRunner.Channel}/{conversationId}");
        transcript.Parameters.AddWithValue("ids", posted.ToArray());
        var counts = new Dictionary<string, long>();
        await using var reader = await transcript.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        Assert.All(posted, id => Assert.Equal(1L, counts.GetValueOrDefault(id)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the activity relay.");
            await Task.Delay(25, Ct);
        }
    }

    /// <summary>Reads activity sets off a stream, keeping every activity and watermark seen.</summary>
    private sealed class StreamReader(WebSocket socket)
    {
        public List<JsonObject> Activities { get; } = [];

        public List<long> Watermarks { get; } = [];

        public async Task ReceiveUntilAsync(Func<JsonObject, bool> match)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            while (!Activities.Any(match))
            {
                var set = await DirectLineClient.ReceiveSetAsync(socket, timeout.Token)
                    ?? throw new InvalidOperationException("The stream closed.");
                Watermarks.Add(long.Parse((string)set["watermark"]!, System.Globalization.CultureInfo.InvariantCulture));
                Activities.AddRange(set["activities"]!.AsArray().Select(x => x!.AsObject()));
            }
        }
    }
}
