using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Assistant.Web.Hosting;

/// <summary>
/// Readiness: storage takes a write. A probe document (one per server process) is written and deleted through the state
/// store, the same path a turn's state takes, so a full disk, a read-only or locked database file or a lost PostgreSQL
/// server shows as Unhealthy. The outcome is kept for <see cref="ProbeInterval"/>, so a busy health endpoint costs at
/// most one probe write every few seconds; a probe that takes longer than <see cref="ProbeTimeout"/> counts as failed.
/// </summary>
public sealed class StorageHealthCheck(IStateStore state, TimeProvider clock) : IHealthCheck, IDisposable
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly string _probeKey = $"health/probe/{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HealthCheckResult? _last;
    private long _lastAt;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } cached && clock.GetElapsedTime(_lastAt) < ProbeInterval)
            {
                return cached;
            }

            _last = await ProbeAsync(cancellationToken);
            _lastAt = clock.GetTimestamp();
            return _last.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            var probe = Task.Run(async () =>
            {
                var existing = await state.ReadAsync(_probeKey, timeout.Token);
                await state.WriteAsync(_probeKey, $$"""{"at":"{{clock.GetUtcNow():O}}"}""", existing?.ETag, timeout.Token);
                await state.DeleteAsync(_probeKey, timeout.Token);
            }, timeout.Token);
            await probe.WaitAsync(ProbeTimeout, cancellationToken);
            return HealthCheckResult.Healthy("Storage takes writes.");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Storage does not take writes.", e);
        }
    }

    public void Dispose() => _gate.Dispose();
}
