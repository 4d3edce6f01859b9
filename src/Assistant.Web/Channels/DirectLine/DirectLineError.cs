using System.Globalization;
using System.Threading.RateLimiting;
using Assistant.Web.Hosting;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>The Direct Line error body: <c>{"error":{"code","message"}}</c> with the documented status codes.</summary>
public static class DirectLineError
{
    public static IResult Create(int status, string code, string message) => ApiError.Create(status, code, message);

    public static IResult BadArgument(string message) => Create(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static IResult MissingProperty(string message) => Create(StatusCodes.Status400BadRequest, "MissingProperty", message);

    public static IResult Unauthorized(string message) => Create(StatusCodes.Status401Unauthorized, "Unauthorized", message);

    public static IResult TokenExpired() => Create(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired.");

    public static IResult Forbidden(string message) => Create(StatusCodes.Status403Forbidden, "Forbidden", message);

    public static IResult NotFound(string message) => Create(StatusCodes.Status404NotFound, "NotFound", message);

    /// <summary>
    /// 429 with <c>Retry-After</c> (whole seconds, at least 1): the limiter's own wait when it knows one, else
    /// <paramref name="fallback"/>. The same answer the rate-limiting middleware gives.
    /// </summary>
    public static IResult TooManyRequests(HttpResponse response, RateLimitLease lease, TimeSpan fallback, string message)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : fallback;
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Create(StatusCodes.Status429TooManyRequests, "TooManyRequests", message);
    }
}
