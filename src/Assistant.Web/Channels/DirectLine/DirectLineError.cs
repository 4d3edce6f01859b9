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
}
