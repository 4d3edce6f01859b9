using System.Globalization;
using System.Text.Json;
using Assistant.Core.Conversation;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Where every update goes, from polling or the webhook: it is claimed in <see cref="IProcessedUpdateStore"/> (a copy
/// already claimed is dropped), then handled in the background, one at a time per chat, in the order received. Claims a
/// dead process left unfinished are taken over after <see cref="TelegramOptions.ClaimLeaseSeconds"/>. On shutdown the
/// queued updates are finished within the host's shutdown timeout; whatever is left is taken over at the next start.
/// </summary>
public sealed class TelegramUpdateRouter(
    IProcessedUpdateStore store,
    TelegramUpdateHandler handler,
    TelegramBotProfile profile,
    IOptions<TelegramOptions> options,
    TimeProvider clock,
    ILogger<TelegramUpdateRouter> logger) : BackgroundService
{
    public const int RecoveryBatch = 100;
    public static readonly TimeSpan KeepCompleted = TimeSpan.FromDays(2);

    private readonly ConversationQueue _chats = new(logger);
    private readonly HashSet<long> _held = [];
    private readonly Lock _lock = new();

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds);

    /// <summary>Claims the update and queues it; false when it was claimed before (a duplicate, dropped).</summary>
    public async Task<bool> AcceptAsync(Update update, CancellationToken cancellationToken)
    {
        var chatId = TelegramUpdates.ChatIdOf(update);
        var claim = new ReceivedUpdate(profile.Source, update.Id, chatId?.ToString(CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(update, JsonBotAPI.Options), Now());
        if (!await store.TryClaimAsync(claim, cancellationToken))
        {
            logger.LogInformation("Telegram update {UpdateId} was received before; dropping the copy", update.Id);
            return false;
        }

        Enqueue(update, chatId ?? 0);
        return true;
    }

    /// <summary>Waits until no update is queued or being handled (tests).</summary>
    public Task WaitIdleAsync(CancellationToken cancellationToken) => _chats.WaitIdleAsync(cancellationToken);

    /// <summary>Takes over stale claims and forgets old completed ones; runs at start and every half lease.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        foreach (var stale in await store.ListStaleAsync(profile.Source, now - Lease, RecoveryBatch, cancellationToken))
        {
            lock (_lock)
            {
                if (_held.Contains(stale.UpdateId))
                {
                    // Still queued here behind a slow chat: not abandoned.
                    continue;
                }
            }

            if (!await store.TryReclaimAsync(profile.Source, stale.UpdateId, stale.ClaimedAt, now, cancellationToken))
            {
                continue;
            }

            var update = JsonSerializer.Deserialize<Update>(stale.Payload, JsonBotAPI.Options);
            if (update is null)
            {
                await store.CompleteAsync(profile.Source, stale.UpdateId, now, cancellationToken);
                continue;
            }

            logger.LogWarning("Telegram update {UpdateId} was claimed at {ClaimedAt} but never finished; handling it now",
                stale.UpdateId, stale.ClaimedAt);
            Enqueue(update, TelegramUpdates.ChatIdOf(update) ?? 0);
        }

        await store.PruneAsync(now - KeepCompleted, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Clamp(options.Value.ClaimLeaseSeconds / 2.0, 1, 60));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RecoverAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Looking for abandoned Telegram updates failed; trying again in {Interval}", interval);
            }

            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!await _chats.StopAsync(cancellationToken))
        {
            logger.LogWarning("Stopping with Telegram updates still queued; they are taken over at the next start");
        }
    }

    private void Enqueue(Update update, long chatId)
    {
        lock (_lock)
        {
            if (!_held.Add(update.Id))
            {
                return;
            }
        }

        if (!_chats.Enqueue(chatId.ToString(CultureInfo.InvariantCulture), processing => HandleHeldAsync(update, processing)))
        {
            // Stopping: the claim stays open and is taken over at the next start.
            Unhold(update);
        }
    }

    private async Task HandleHeldAsync(Update update, CancellationToken cancellationToken)
    {
        try
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                await HandleAsync(update, cancellationToken);
            }
        }
        finally
        {
            Unhold(update);
        }
    }

    private void Unhold(Update update)
    {
        lock (_lock)
        {
            _held.Remove(update.Id);
        }
    }

    private async Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TelegramUpdateId"] = update.Id });
        try
        {
            await profile.WaitReadyAsync(cancellationToken);
            await handler.HandleAsync(update, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-update: the claim stays open and is taken over later.
            return;
        }
        catch (Exception e)
        {
            // Not retried: the same failure would come back, and the turn pipeline already answers its own errors.
            logger.LogError(e, "Telegram update {UpdateId} ({UpdateType}) could not be handled; it is dropped", update.Id, update.Type);
        }

        try
        {
            await store.CompleteAsync(profile.Source, update.Id, Now(), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Telegram update {UpdateId} was handled but could not be marked done", update.Id);
        }
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
}
