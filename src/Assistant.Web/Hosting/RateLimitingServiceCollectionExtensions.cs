using System.Globalization;
using System.Threading.RateLimiting;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Knowledge;

namespace Assistant.Web.Hosting;

public static class RateLimitingServiceCollectionExtensions
{
    public static IServiceCollection AddPublicRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiError.Create(StatusCodes.Status429TooManyRequests, "TooManyRequests",
                    "Too many requests; please wait a moment.").ExecuteAsync(context.HttpContext);
            };
            options.AddPolicy(ChatTokenEndpoints.RateLimitPolicy, context => PerClientIp(context, limits.ChatTokenPerMinute));
            options.AddPolicy(DirectLineEndpoints.RateLimitPolicy, context => PerClientIp(context, limits.DirectLinePerMinute));
            options.AddPolicy(DirectLineEndpoints.PostRateLimitPolicy, context => PerConversation(context, limits.ConversationMessagesPerMinute));
            options.AddPolicy(KnowledgeEndpoints.RateLimitPolicy, context => PerClientIp(context, limits.KnowledgeAskPerMinute));
        });
        return services;
    }

    /// <summary>Posts of one conversation, wherever they come from (the conversation id is in the route).</summary>
    private static RateLimitPartition<string> PerConversation(HttpContext context, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter("conversation:" + (context.Request.RouteValues["conversationId"] as string ?? "none"),
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permitsPerMinute),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });

    private static RateLimitPartition<string> PerClientIp(HttpContext context, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permitsPerMinute),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
}
