namespace Assistant.Web.Hosting;

/// <summary>Wakes a <see cref="PolledDelivery"/> at once when the desk gives it work, instead of at its next look.</summary>
public class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken; one look covers both.
        }
    }

    public void Dispose()
    {
        _wake.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Returns when woken or after <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}

/// <summary>The wake-up signal of one delivery service (<typeparamref name="TDelivery"/>), one instance per service.</summary>
public sealed class WakeSignal<TDelivery> : WakeSignal
    where TDelivery : PolledDelivery;
