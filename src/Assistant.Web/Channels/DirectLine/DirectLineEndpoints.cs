using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Core.Turns;
using Assistant.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>Direct Line 3.0 (REST + WebSocket), close enough that the unmodified Web Chat and DirectLineJS clients work.</summary>
public static class DirectLineEndpoints
{
    /// <summary>Per client IP, on every Direct Line request (posts and stream upgrades included), before authentication.</summary>
    public const string RateLimitPolicy = "directline";
    public const int MaxActivityBytes = 256 * 1024;

    /// <summary>How long a stream is kept open without a pong to the server's ping (a vanished client frees its place).</summary>
    public static readonly TimeSpan StreamKeepAliveTimeout = TimeSpan.FromSeconds(30);

    public static IEndpointRouteBuilder MapDirectLineEndpoints(this IEndpointRouteBuilder app)
    {
        // One policy for the whole group: an endpoint's own RequireRateLimiting would replace it, not add to it. The
        // limits that need the caller (messages per conversation, open streams) are applied in the endpoints.
        var group = app.MapGroup("/v3/directline").RequireRateLimiting(RateLimitPolicy);
        group.MapPost("/tokens/generate", GenerateTokenAsync);
        group.MapPost("/tokens/refresh", RefreshTokenAsync);
        group.MapPost("/conversations", StartConversationAsync);
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxActivityBytes));
        group.MapPost("/conversations/{conversationId}/upload", UploadAsync);
        group.Map("/conversations/{conversationId}/stream", StreamAsync);
        return app;
    }

    public sealed record TokenParameters(UserParameter? User);

    public sealed record UserParameter(string? Id, string? Name);

    public sealed record StartParameters(UserParameter? User, string? Locale);

    private static async Task<IResult> GenerateTokenAsync(HttpRequest request, DirectLineTokens tokens)
    {
        var (caller, error) = await DirectLineCaller.FromRequestAsync(request, tokens);
        if (error is not null)
        {
            return error;
        }

        if (!caller!.IsSecret)
        {
            return DirectLineError.Forbidden("tokens/generate needs the Direct Line secret.");
        }

        var body = await ReadOptionalJsonAsync<TokenParameters>(request);
        var userId = body?.User?.Id is { Length: > 0 and <= 128 } id && id.StartsWith("dl_", StringComparison.Ordinal)
            ? id
            : DirectLineConversations.NewUserId();
        var conversationId = DirectLineConversations.NewConversationId();
        return Results.Ok(new ConversationResponse(conversationId, tokens.IssueToken(conversationId, userId), tokens.LifetimeSeconds, null));
    }

    private static async Task<IResult> RefreshTokenAsync(HttpRequest request, DirectLineTokens tokens)
    {
        var (caller, error) = await DirectLineCaller.FromRequestAsync(request, tokens);
        if (error is not null)
        {
            return error;
        }

        if (caller!.IsSecret)
        {
            return DirectLineError.BadArgument("A secret cannot be refreshed; send a token.");
        }

        return Results.Ok(new ConversationResponse(caller.ConversationId!,
            tokens.IssueToken(caller.ConversationId!, caller.UserId!), tokens.LifetimeSeconds, null));
    }

    private static async Task<IResult> StartConversationAsync(HttpRequest request, DirectLineTokens tokens,
        DirectLineConversations conversations, CancellationToken cancellationToken)
    {
        var (caller, error) = await DirectLineCaller.FromRequestAsync(request, tokens);
        if (error is not null)
        {
            return error;
        }

        var body = await ReadOptionalJsonAsync<StartParameters>(request);
        string conversationId, userId;
        if (caller!.IsSecret)
        {
            conversationId = DirectLineConversations.NewConversationId();
            userId = body?.User?.Id is { Length: > 0 and <= 128 } id ? id : DirectLineConversations.NewUserId();
        }
        else
        {
            conversationId = caller.ConversationId!;
            userId = caller.UserId!;
        }

        var created = await conversations.EnsureStartedAsync(conversationId, userId, body?.Locale, cancellationToken);
        var response = new ConversationResponse(conversationId, tokens.IssueToken(conversationId, userId), tokens.LifetimeSeconds,
            StreamUrl(request, tokens, conversationId, userId, null));
        return created ? Results.Json(response, statusCode: StatusCodes.Status201Created) : Results.Ok(response);
    }

    private static async Task<IResult> ReconnectAsync(string conversationId, string? watermark, HttpRequest request,
        DirectLineTokens tokens, DirectLineConversations conversations, IActivityLogStore log, CancellationToken cancellationToken)
    {
        var (caller, error) = await AuthorizeAsync(request, tokens, conversationId);
        if (error is not null)
        {
            return error;
        }

        var userId = await UserOfAsync(caller!, conversationId, log, cancellationToken);
        if (userId is null)
        {
            return DirectLineError.NotFound("The conversation does not exist.");
        }

        // A valid token for a conversation this store never saw (e.g. storage was reset) starts it again instead of
        // answering 404, which would end the Web Chat session for good.
        await conversations.EnsureStartedAsync(conversationId, userId, null, cancellationToken);
        return Results.Ok(new ConversationResponse(conversationId, tokens.IssueToken(conversationId, userId), tokens.LifetimeSeconds,
            StreamUrl(request, tokens, conversationId, userId, watermark)));
    }

    private static async Task<IResult> GetActivitiesAsync(string conversationId, string? watermark, HttpRequest request,
        DirectLineTokens tokens, IActivityLogStore log, CancellationToken cancellationToken)
    {
        var (_, error) = await AuthorizeAsync(request, tokens, conversationId);
        if (error is not null)
        {
            return error;
        }

        var after = ParseWatermark(watermark);
        var items = await log.ReadAfterAsync(conversationId, after, 500, cancellationToken);
        return Results.Json(ActivitySet.From(items, after), ChannelJson.Options);
    }

    private static async Task<IResult> PostActivityAsync(string conversationId, HttpRequest request, DirectLineTokens tokens,
        IActivityLogStore log, StreamHub hub, DirectLineTurnRunner runner, IMemoryCache cache, DirectLineLimits limits,
        CancellationToken cancellationToken)
    {
        var (caller, error) = await AuthorizeAsync(request, tokens, conversationId);
        if (error is not null)
        {
            return error;
        }

        // The conversation's budget is charged only now that the token is valid for it: posts with a junk token never
        // spend it (they counted against their own address, in the per-IP limit before this endpoint).
        using var lease = limits.AcquirePost(conversationId);
        if (!lease.IsAcquired)
        {
            return DirectLineError.TooManyRequests(request.HttpContext.Response, lease, TimeSpan.FromMinutes(1),
                "This conversation is posting too fast; please wait a moment.");
        }

        // Conversations never change once created: keep the hot ones in memory instead of reading them on every post.
        var cacheKey = "dl-conversation:" + conversationId;
        if (!cache.TryGetValue(cacheKey, out DirectLineConversation? conversation))
        {
            conversation = await log.GetConversationAsync(conversationId, cancellationToken);
            if (conversation is not null)
            {
                cache.Set(cacheKey, conversation, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) });
            }
        }

        if (conversation is null)
        {
            return DirectLineError.NotFound("The conversation does not exist; start it first.");
        }

        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return DirectLineError.Create(StatusCodes.Status415UnsupportedMediaType, "BadArgument", "Send the activity as application/json.");
        }

        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, ActivityJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return DirectLineError.BadArgument("The body is not a valid activity (malformed JSON).");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return DirectLineError.Create(StatusCodes.Status413PayloadTooLarge, "BadArgument", "The activity is too large.");
        }

        if (activity is null)
        {
            return DirectLineError.BadArgument("The body is not a valid activity.");
        }

        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return DirectLineError.MissingProperty("The activity has no type.");
        }

        // The sender is who the token says, never what the client claims.
        activity.From = new ChannelAccount
        {
            Id = caller!.UserId ?? conversation.UserId,
            Name = activity.From?.Name,
            Role = "user",
        };
        if (activity.Text is { Length: > TurnProcessor.MaxTextLength } longText)
        {
            // Nothing beyond the first characters is stored; the turn answers with a note that the message was cut.
            activity.Text = longText[..TurnProcessor.MaxTextLength] + "…";
        }

        activity.ChannelId ??= DirectLineTurnRunner.Channel;
        activity.Conversation = new ConversationAccount { Id = conversationId };
        activity.ChannelData ??= new JsonObject();

        var appended = await log.AppendInboundAsync(conversationId, activity, cancellationToken);
        if (!appended.Duplicate)
        {
            // Handed to the open streams before the turn is queued: its replies then follow it in order, from memory.
            hub.Publish(conversationId, [appended.Logged]);
            runner.Schedule(conversationId);
        }

        return Results.Ok(new { id = appended.Logged.Activity.Id });
    }

    private static IResult UploadAsync() =>
        DirectLineError.Create(StatusCodes.Status400BadRequest, "BadArgument", "Attachments are not accepted; please type your message.");

    private static async Task StreamAsync(string conversationId, HttpContext context, DirectLineTokens tokens,
        StreamConnection stream, DirectLineLimits limits, IOptions<DirectLineOptions> options)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await DirectLineError.BadArgument("This URL takes a WebSocket upgrade.").ExecuteAsync(context);
            return;
        }

        if (!OriginAllowed(context.Request, options.Value))
        {
            await DirectLineError.Forbidden("This origin may not open the stream.").ExecuteAsync(context);
            return;
        }

        var ticket = context.Request.Query["t"].ToString();
        var check = ticket.Length == 0 ? TokenCheck.Invalid : await tokens.ValidateStreamTicketAsync(ticket);
        if (check.Status != TokenStatus.Valid || check.ConversationId != conversationId)
        {
            var result = check.Status == TokenStatus.Expired
                ? DirectLineError.TokenExpired()
                : DirectLineError.Forbidden("The stream URL is not valid for this conversation.");
            await result.ExecuteAsync(context);
            return;
        }

        // A stream URL opens one socket. A client that lost its socket asks GET /conversations/{id}?watermark=… for a
        // new one (DirectLineJS always does), so a copied or leaked URL cannot multiply sockets.
        if (!limits.TryUseStreamTicket(check.Id!, check.Expires))
        {
            await DirectLineError.Forbidden(
                    "This stream URL was used already; GET /v3/directline/conversations/{id}?watermark= gives a new one.")
                .ExecuteAsync(context);
            return;
        }

        using var place = limits.AcquireStream(RateLimitKeys.ClientAddress(context), conversationId);
        if (!place.IsAcquired)
        {
            await DirectLineError.TooManyRequests(context.Response, place, TimeSpan.FromSeconds(10),
                    "Too many open streams from this address or on this conversation; close one first.")
                .ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveTimeout = StreamKeepAliveTimeout,
        });
        await stream.RunAsync(socket, conversationId, ParseWatermark(context.Request.Query["watermark"]), context.RequestAborted);
    }

    private static async Task<(DirectLineCaller? Caller, IResult? Error)> AuthorizeAsync(HttpRequest request, DirectLineTokens tokens,
        string conversationId)
    {
        var (caller, error) = await DirectLineCaller.FromRequestAsync(request, tokens);
        if (error is not null)
        {
            return (null, error);
        }

        return caller!.MayAccess(conversationId)
            ? (caller, null)
            : (null, DirectLineError.Forbidden("The token is not valid for this conversation."));
    }

    private static async Task<string?> UserOfAsync(DirectLineCaller caller, string conversationId, IActivityLogStore log,
        CancellationToken cancellationToken) =>
        caller.UserId ?? (await log.GetConversationAsync(conversationId, cancellationToken))?.UserId;

    private static string StreamUrl(HttpRequest request, DirectLineTokens tokens, string conversationId, string userId, string? watermark)
    {
        var scheme = request.IsHttps ? "wss" : "ws";
        var ticket = tokens.IssueStreamTicket(conversationId, userId);
        var url = $"{scheme}://{request.Host}{request.PathBase}/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/stream?t={Uri.EscapeDataString(ticket)}";
        return ParseWatermark(watermark) > 0 ? url + "&watermark=" + Uri.EscapeDataString(watermark!) : url;
    }

    private static bool OriginAllowed(HttpRequest request, DirectLineOptions options)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            // Not a browser: nothing to forge on the user's behalf, the ticket is the credential.
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var own = string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
        return own || options.AllowedOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }

    private static long ParseWatermark(string? watermark) =>
        long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : 0;

    private static async Task<T?> ReadOptionalJsonAsync<T>(HttpRequest request) where T : class
    {
        if (request.ContentLength is 0 || request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, ActivityJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed record ConversationResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("conversationId")] string ConversationId,
    [property: System.Text.Json.Serialization.JsonPropertyName("token")] string Token,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
    [property: System.Text.Json.Serialization.JsonPropertyName("streamUrl")] string? StreamUrl);
