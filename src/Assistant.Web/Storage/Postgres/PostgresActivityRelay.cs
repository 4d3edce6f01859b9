using Assistant.Web.Channels.DirectLine;
using Npgsql;

namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// Wakes this instance's Direct Line streams when any instance appends to an activity log: LISTENs on
/// <see cref="PostgresDatabase.ActivityChannel"/> over a connection of its own and passes each notification to the
/// <see cref="StreamHub"/>. A notification carries the log's new watermark; a stream that has not sent that far reads the table after its own. When
/// the connection is lost, the relay reconnects with back-off and then wakes every conversation that had activity since
/// shortly before the loss, so streams catch up on what was appended while nobody was listening (the same look-back runs
/// at the first connection, for streams opened before the relay listened).
/// </summary>
public sealed class PostgresActivityRelay(PostgresDatabase database, StreamHub hub, TimeProvider clock,
    ILogger<PostgresActivityRelay> logger) : BackgroundService
{
    /// <summary>First wait before reconnecting; doubles per failure up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>An idle listener checks its connection this often (a silent network failure is noticed within it).</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How far before the last moment the connection was known good the catch-up looks. Activity timestamps come from
    /// the clocks of the instances that appended them, so this also covers clock skew between instances.
    /// </summary>
    public static readonly TimeSpan CatchUpMargin = TimeSpan.FromMinutes(2);

    private int _connections;
    private volatile int _backendProcessId;
    private long _lastHeartbeatTicks = clock.GetUtcNow().UtcTicks;

    /// <summary>
    /// When the listening connection was last known good (a notification or a ping answered; the start of the relay before
    /// it first listened). Readiness reports the relay degraded when this grows old.
    /// </summary>
    public DateTimeOffset LastHeartbeat => new(Interlocked.Read(ref _lastHeartbeatTicks), TimeSpan.Zero);

    /// <summary>The server process id of the current listening connection; 0 while disconnected (tests, diagnostics).</summary>
    public int BackendProcessId => _backendProcessId;

    /// <summary>How many times the relay has started listening (1 after start-up, +1 per reconnect).</summary>
    public int Connections => Volatile.Read(ref _connections);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        var lastGood = clock.GetUtcNow();
        Interlocked.Exchange(ref _lastHeartbeatTicks, lastGood.UtcTicks);
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = database.CreateListenerConnection();
                connection.Notification += OnNotification;
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDatabase.ActivityChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Listening first, then looking back, so nothing falls between the two. Also on the first connection: a
                // stream may have opened before the relay was listening.
                var woken = await CatchUpAsync(connection, lastGood - CatchUpMargin, stoppingToken);
                if (lost)
                {
                    logger.LogInformation("Activity relay listening again; woke the streams of {Count} conversations active since the loss", woken);
                }

                _backendProcessId = connection.ProcessID;
                Interlocked.Increment(ref _connections);
                lost = false;
                delay = FirstRetryDelay;
                lastGood = clock.GetUtcNow();
                Interlocked.Exchange(ref _lastHeartbeatTicks, lastGood.UtcTicks);
                while (true)
                {
                    if (!await connection.WaitAsync(PingInterval, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }

                    lastGood = clock.GetUtcNow();
                    Interlocked.Exchange(ref _lastHeartbeatTicks, lastGood.UtcTicks);
                }
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: however the wait ended, the relay is done.
                return;
            }
            catch (Exception e)
            {
                _backendProcessId = 0;
                lost = true;
                logger.LogWarning(e, "Activity relay lost its PostgreSQL connection; reconnecting in {Delay} ms", delay.TotalMilliseconds);
                try
                {
                    // Real time even under a test clock: reconnecting must not wait for someone to advance it.
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (PostgresActivityLogStore.ConversationOf(e.Payload) is { } conversationId)
        {
            // Streams that sent this far already (this instance's own appends, handed over from memory) skip it.
            hub.Notify(conversationId, PostgresActivityLogStore.WatermarkOf(e.Payload));
        }
    }

    private async Task<int> CatchUpAsync(NpgsqlConnection connection, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT conversation_id FROM dl_activities WHERE timestamp_ms >= @since", connection);
        command.Parameters.AddWithValue("since", since.ToUnixTimeMilliseconds());
        var conversations = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                conversations.Add(reader.GetString(0));
            }
        }

        foreach (var conversationId in conversations)
        {
            hub.Notify(conversationId);
        }

        return conversations.Count;
    }
}
