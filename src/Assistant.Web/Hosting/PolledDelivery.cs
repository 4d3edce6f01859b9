namespace Assistant.Web.Hosting;

/// <summary>
/// A background sender whose queue is the store: it delivers what is due, then waits for its <see cref="WakeSignal"/> or
/// <see cref="PollInterval"/>, whichever comes first. A failed round is logged and tried again at the next look.
/// </summary>
public abstract class PolledDelivery(WakeSignal signal, ILogger logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    /// <summary>What a round does, as the failure log names it ("Sending announcements").</summary>
    protected abstract string Work { get; }

    /// <summary>Delivers everything that is due; returns how many went.</summary>
    public abstract Task<int> DeliverDueAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "{Work} failed; trying again shortly", Work);
            }

            try
            {
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
