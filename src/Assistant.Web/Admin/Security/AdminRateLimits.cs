using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Assistant.Web.Admin.Security;

/// <summary>
/// Per client IP fixed windows of one minute for the sign-in form and the admin API. Over the limit: 429 with
/// Retry-After (seconds until the window opens again) and a short text, not the chat API's JSON error.
/// </summary>
public sealed class AdminRateLimits(int permitsPerMinute) : IRateLimiterPolicy<string>
{
    public const string LoginPolicy = "admin-login";

    public const string ApiPolicy = "admin-api";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, cancellationToken) =>
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(
            $"Too many attempts; try again in {seconds} s. / Твърде много опити; опитайте отново след {seconds} s.\n",
            cancellationToken);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permitsPerMinute),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
}
