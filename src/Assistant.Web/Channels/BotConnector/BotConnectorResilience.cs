using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>
/// How a reply to the Bot Connector is retried: throttling (429), 408, server errors, network errors, attempt timeouts
/// and transient token-endpoint failures, up to <see cref="BotConnectorClient.MaxAttempts"/> attempts. A
/// <c>Retry-After</c> is honoured as given (up to <see cref="BotConnectorClient.MaxRetryAfter"/>; longer ends the retries);
/// otherwise exponential back-off with jitter, so that many replies refused at once do not come back at once.
/// </summary>
public static class BotConnectorResilience
{
    public static readonly TimeSpan FirstBackOff = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(100);

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        pipeline
            .AddTimeout(TotalTimeout)
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = BotConnectorClient.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstBackOff,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
            })
            .AddTimeout(AttemptTimeout);
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is BotConnectorTokenException)
        {
            return false;
        }

        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        return outcome.Result is not { } response || RetryAfter(response) is not { } wait || wait <= BotConnectorClient.MaxRetryAfter;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}
