using System.Globalization;
using System.Threading.RateLimiting;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Knowledge;
using Assistant.Web.Publications;

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
            options.AddPolicy(KnowledgeEndpoints.RateLimitPolicy, context => PerClientIp(context, limits.KnowledgeAskPerMinute));
            options.AddPolicy(PublicResultsPage.RateLimitPolicy, context => PerClientIp(context, limits.ResultsPagePerMinute));
        });

        // The Direct Line limits that need the caller's identity (messages per conversation, open streams, single-use
        // stream tickets) are applied by the endpoints after authentication, behind the per-IP limit above.
        services.AddSingleton(sp => new DirectLineLimits(
            new DirectLineLimitSettings(limits.ConversationMessagesPerMinute, limits.DirectLineStreamsPerIp, limits.DirectLineStreamsPerConversation),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static RateLimitPartition<string> PerClientIp(HttpContext context, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(RateLimitKeys.ClientAddress(context),
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permitsPerMinute),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
}
