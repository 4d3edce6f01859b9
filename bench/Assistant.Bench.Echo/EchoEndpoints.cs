using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assistant.Bench.Echo;

/// <summary>The Direct Line 3.0 endpoints of the echo: start a conversation, post an activity, open the stream.</summary>
public static class EchoEndpoints
{
    private const string ChannelId = "directline";
    private static readonly ChannelAccount Bot = new("echo-bot", "Echo", "bot");
    private static readonly JsonHttpResult<ErrorResponse> Unauthorized =
        Error(StatusCodes.Status401Unauthorized, "BadArgument", "Send 'Authorization: Bearer <token>'.");
    private static readonly JsonHttpResult<ErrorResponse> NotFound =
        Error(StatusCodes.Status404NotFound, "NotFound", "The conversation does not exist.");

    public static IEndpointRouteBuilder MapEchoEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v3/directline/conversations");
        group.MapPost("", StartAsync);
        group.MapPost("/{id}/activities", PostActivityAsync);
        group.MapGet("/{id}/stream", StreamAsync);
        return app;
    }

    private static async Task<IResult> StartAsync(HttpRequest request, EchoConversations conversations)
    {
        if (!HasBearer(request))
        {
            return Unauthorized;
        }

        // The body is optional; like the real server, a missing or unreadable one starts the conversation all the same.
        StartParameters? body = null;
        if (request.ContentLength is not 0 && request.HasJsonContentType())
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync(request.Body, EchoJson.Wire.StartParameters, request.HttpContext.RequestAborted);
            }
            catch (JsonException)
            {
            }
        }

        var conversation = conversations.Start(body?.User?.Id is { Length: > 0 } userId ? userId : null);
        var token = Guid.NewGuid().ToString("N");
        var streamUrl = $"ws://{request.Host}/v3/directline/conversations/{conversation.Id}/stream?t={token}";
        return TypedResults.Json(new ConversationResponse(conversation.Id, token, 1800, streamUrl), EchoJson.Wire.ConversationResponse,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> PostActivityAsync(string id, HttpContext context, EchoConversations conversations)
    {
        if (!HasBearer(context.Request))
        {
            return Unauthorized;
        }

        if (conversations.Find(id) is not { } conversation)
        {
            return NotFound;
        }

        EchoActivity? received;
        try
        {
            received = await JsonSerializer.DeserializeAsync(context.Request.Body, EchoJson.Wire.EchoActivity, context.RequestAborted);
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "The body is not a valid activity (malformed JSON).");
        }

        if (received is null || string.IsNullOrEmpty(received.Type))
        {
            return Error(StatusCodes.Status400BadRequest, "MissingProperty", "The activity has no type.");
        }

        var sequence = conversation.ReserveTwo();
        var now = DateTime.UtcNow;
        var conversationAccount = new ConversationAccount(conversation.Id);
        var activity = received with
        {
            Id = conversation.ActivityId(sequence),
            Timestamp = now,
            ChannelId = ChannelId,
            Conversation = conversationAccount,
        };

        if (conversation.Connection is { } connection)
        {
            var reply = new EchoActivity
            {
                Type = "message",
                Id = conversation.ActivityId(sequence + 1),
                Timestamp = now,
                ChannelId = ChannelId,
                Conversation = conversationAccount,
                From = Bot,
                Recipient = new ChannelAccount(received.From?.Id ?? conversation.UserId),
                ReplyToId = activity.Id,
                Text = "echo: " + received.Text,
                Locale = received.Locale,
            };
            await connection.SendAsync(Frame(activity, sequence), Frame(reply, sequence + 1), context.RequestAborted);
        }

        return TypedResults.Json(new ResourceResponse(activity.Id!), EchoJson.Wire.ResourceResponse);
    }

    private static async Task<IResult> StreamAsync(string id, HttpContext context, EchoConversations conversations)
    {
        if (conversations.Find(id) is not { } conversation)
        {
            return NotFound;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "Expected a WebSocket upgrade.");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var connection = new EchoConnection(socket);
        conversation.Attach(connection);
        try
        {
            await connection.ReadUntilClosedAsync(context.RequestAborted);
        }
        finally
        {
            conversation.Detach(connection);
        }

        return TypedResults.Empty;
    }

    private static byte[] Frame(EchoActivity activity, long watermark) => JsonSerializer.SerializeToUtf8Bytes(
        new ActivitySet([activity], watermark.ToString(CultureInfo.InvariantCulture)), EchoJson.Wire.ActivitySet);

    private static bool HasBearer(HttpRequest request)
    {
        var value = request.Headers.Authorization.ToString();
        return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && !value.AsSpan(7).IsWhiteSpace();
    }

    private static JsonHttpResult<ErrorResponse> Error(int status, string code, string message) =>
        TypedResults.Json(new ErrorResponse(new ErrorBody(code, message)), EchoJson.Wire.ErrorResponse, statusCode: status);
}
