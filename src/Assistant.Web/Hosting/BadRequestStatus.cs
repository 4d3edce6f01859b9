namespace Assistant.Web.Hosting;

public static class BadRequestStatus
{
    /// <summary>
    /// A request the server could not read (a body over the limit, a broken form) gets its own 4xx status and a short
    /// error body, not a 500, wherever in the pipeline the body was read.
    /// </summary>
    public static IApplicationBuilder UseBadRequestStatus(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception thrown) when (Unreadable(thrown) is { } e && !context.Response.HasStarted)
        {
            context.Response.Clear();
            var result = ApiError.IsTooLarge(e)
                ? ApiError.TooLarge()
                : ApiError.Create(e.StatusCode, "BadArgument", "The request could not be read.");
            await result.ExecuteAsync(context);
        }
    });

    /// <summary>The bad request behind <paramref name="thrown"/>, also when another layer wrapped it (antiforgery does).</summary>
    private static BadHttpRequestException? Unreadable(Exception thrown)
    {
        for (Exception? e = thrown; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException bad)
            {
                return bad;
            }
        }

        return null;
    }
}
