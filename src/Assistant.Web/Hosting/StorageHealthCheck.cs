using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Assistant.Web.Hosting;

/// <summary>Readiness: storage answers a read.</summary>
public sealed class StorageHealthCheck(IStateStore state) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await state.ReadAsync("health/probe", cancellationToken);
            return HealthCheckResult.Healthy("Storage answers.");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("Storage does not answer.", e);
        }
    }
}
