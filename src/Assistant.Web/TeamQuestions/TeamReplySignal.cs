namespace Assistant.Web.TeamQuestions;

/// <summary>Wakes the delivery at once when the desk closes a question, instead of at its next look.</summary>
public sealed class TeamReplySignal : IDisposable
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
