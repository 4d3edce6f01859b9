namespace Assistant.Web.Announcements;

/// <summary>Wakes the sender at once when the desk sends an announcement, instead of at its next look.</summary>
public sealed class AnnouncementSignal : IDisposable
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

    public void Dispose() => _wake.Dispose();

    /// <summary>Returns when woken or after <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
