namespace Assistant.Web.Hosting;

/// <summary>
/// The error body of the server's own JSON APIs (<c>/api/knowledge/ask</c>, <c>/api/chat/token</c>, 429 answers):
/// <c>{"error":{"code","message"}}</c>, the shape Direct Line clients already read.
/// </summary>
public static class ApiError
{
    /// <summary>No request body may be larger (413 beyond it): every endpoint, JSON or form.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IResult Create(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

    public static IResult BadArgument(string message) => Create(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static IResult MissingProperty(string message) => Create(StatusCodes.Status400BadRequest, "MissingProperty", message);

    public static IResult TooLarge() =>
        Create(StatusCodes.Status413PayloadTooLarge, "BadArgument", $"The request body is larger than {MaxBodyBytes / 1024} KB.");

    /// <summary>True when reading the body failed because it is over the limit.</summary>
    public static bool IsTooLarge(BadHttpRequestException e) => e.StatusCode == StatusCodes.Status413PayloadTooLarge;
}
