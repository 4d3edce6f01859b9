using Assistant.Web.Channels.Telegram;
using Assistant.Web.Storage.Postgres;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Hosting;

/// <summary>
/// Telegram long polling is Degraded when its calls keep failing (<see cref="FailuresInARow"/> in a row) or when no call
/// has succeeded for a poll's wait plus <see cref="Slack"/> (a hung request, or Telegram unreachable since the start).
/// </summary>
public sealed class TelegramPollingHealthCheck(TelegramPollingService polling, IOptions<TelegramOptions> options, TimeProvider clock)
    : IHealthCheck
{
    public const int FailuresInARow = 3;
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(30);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var quiet = clock.GetUtcNow() - polling.LastSuccess;
        var failures = polling.ConsecutiveFailures;
        var result = failures >= FailuresInARow
            ? HealthCheckResult.Degraded($"Telegram polling: the last {failures} calls failed; retrying with back-off.")
            : quiet > TimeSpan.FromSeconds(options.Value.PollingTimeoutSeconds) + Slack
                ? HealthCheckResult.Degraded($"Telegram polling: no call has succeeded for {quiet.TotalSeconds:0} s.")
                : HealthCheckResult.Healthy("Telegram polling runs.");
        return Task.FromResult(result);
    }
}

/// <summary>
/// The PostgreSQL notification relay (which wakes this instance's Direct Line streams) is Degraded when it has not been
/// listening for <see cref="NotListeningGrace"/>, or when its listening connection has not been confirmed for two pings
/// and <see cref="NotListeningGrace"/> more.
/// </summary>
public sealed class ActivityRelayHealthCheck(PostgresActivityRelay relay, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan NotListeningGrace = TimeSpan.FromSeconds(5);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var quiet = clock.GetUtcNow() - relay.LastHeartbeat;
        var result = relay.BackendProcessId == 0 && quiet > NotListeningGrace
            ? HealthCheckResult.Degraded($"PostgreSQL relay: not listening (last confirmed {quiet.TotalSeconds:0} s ago); streams here miss what other instances append.")
            : quiet > PostgresActivityRelay.PingInterval * 2 + NotListeningGrace
                ? HealthCheckResult.Degraded($"PostgreSQL relay: its connection has not answered for {quiet.TotalSeconds:0} s.")
                : HealthCheckResult.Healthy("PostgreSQL relay listens.");
        return Task.FromResult(result);
    }
}
