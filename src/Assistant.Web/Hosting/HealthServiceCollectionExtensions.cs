using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Assistant.Web.Hosting;

/// <summary>
/// Health endpoints: <c>/health/live</c> (liveness: the process answers; runs no check), <c>/health/ready</c> (readiness:
/// every check tagged <see cref="ReadyTag"/>, with each check's status as JSON) and <c>/health</c> (the same checks, the
/// overall status as plain text). Unhealthy answers 503; Degraded (a stalled Telegram poller or PostgreSQL relay) still
/// answers 200, so a balancer keeps the instance while the body tells the operator.
/// </summary>
public static class HealthServiceCollectionExtensions
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddAssistantHealthChecks(this IServiceCollection services)
    {
        // One instance, so the probe's cached outcome is shared by every request.
        services.AddSingleton<StorageHealthCheck>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapAssistantHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = IsReadiness });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = IsReadiness, ResponseWriter = WriteJsonAsync });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        return app;
    }

    private static bool IsReadiness(HealthCheckRegistration check) => check.Tags.Contains(ReadyTag);

    /// <summary>Status and description per check; exception texts stay in the log, not in a public answer.</summary>
    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
