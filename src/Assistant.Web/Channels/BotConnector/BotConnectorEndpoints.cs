using System.Text.Json;
using Assistant.Core.Conversation;
using Assistant.Core.Turns;
using Microsoft.AspNetCore.Mvc;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>
/// <c>POST /api/messages</c>, the Bot Framework messaging endpoint that Azure Bot Service (Teams, Web Chat, …) and the
/// Bot Framework Emulator call. Activities run through the same turn pipeline as Direct Line; the replies are posted back
/// to the Connector, or with <c>deliveryMode: "expectReplies"</c> returned in the response.
/// </summary>
public static class BotConnectorEndpoints
{
    public const int MaxActivityBytes = 256 * 1024;

    /// <summary>Maps the endpoint; Program.cs reaches it through <c>MapBotConnectorEndpoints()</c> in Hosting.</summary>
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", ReceiveAsync).WithMetadata(new RequestSizeLimitAttribute(MaxActivityBytes));
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, BotConnectorAuthenticator authenticator,
        TurnProcessor turns, ITurnCommitStore commits, BotConnectorTurnRunner runner, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(BotConnectorEndpoints));

        // The token first: nothing of an unauthenticated request is read further.
        ConnectorCaller? caller;
        string? failure;
        try
        {
            (caller, failure) = await authenticator.AuthenticateAsync(request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null,
                cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            logger.LogError(e, "The Bot Connector's signing keys could not be fetched");
            return Error(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "The bot cannot check tokens right now.");
        }

        if (caller is null)
        {
            return Unauthorized(logger, failure);
        }

        if (request.ContentType is not { } contentType || !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, "BadArgument", "Send the activity as application/json.");
        }

        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, ActivityJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "The body is not a valid activity (malformed JSON).");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, "BadArgument", "The activity is too large.");
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type) || string.IsNullOrWhiteSpace(activity.ChannelId)
            || activity.Conversation?.Id is not { Length: > 0 } conversationId || !BotConnectorClient.IsPathSegment(conversationId))
        {
            return Error(StatusCodes.Status400BadRequest, "MissingProperty", "An activity needs type, channelId and conversation.id.");
        }

        if (!authenticator.TryAuthorize(caller, activity, out var target, out failure))
        {
            return Unauthorized(logger, failure);
        }

        if (!caller.Authenticated
            && BotConnectorAuthenticator.RefuseUnauthenticated(request.HttpContext.Connection.RemoteIpAddress, activity.ChannelId) is { } refusal)
        {
            return Unauthorized(logger, refusal);
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            return Results.StatusCode(StatusCodes.Status501NotImplemented);
        }

        var inline = BotConnectorActivities.WantsRepliesInResponse(activity);
        if (!BotConnectorActivities.TakesTurn(activity))
        {
            return inline ? RepliesResult([]) : Results.Ok();
        }

        BotConnectorActivities.RemoveRecipientMention(activity);
        // The channel is part of the key, so each channel (msteams, emulator, webchat, …) keeps its own state.
        var key = new ConversationKey(activity.ChannelId, conversationId);
        if (inline)
        {
            // The turn's state and transcript in one commit, before the replies go out.
            var replies = await turns.ProcessCommittedAsync(key, activity, commits, cancellationToken);
            return RepliesResult(replies.Select(r => BotConnectorActivities.ToConnectorReply(r, activity)).ToList());
        }

        if (target is null)
        {
            return Error(StatusCodes.Status400BadRequest, "MissingProperty",
                "The activity has no absolute serviceUrl to post the replies to (or send deliveryMode \"expectReplies\").");
        }

        runner.Schedule(key, activity, target);
        return Results.Accepted();
    }

    private static IResult RepliesResult(IReadOnlyList<Activity> replies) =>
        Results.Json(new ExpectedReplies { Activities = replies }, ChannelJson.Options);

    private static UnauthorizedResult Unauthorized(ILogger logger, string? reason)
    {
        logger.LogWarning("Refused a Bot Connector request: {Reason}", reason);
        return new UnauthorizedResult();
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c>; the body does not say which check failed (the log does).</summary>
    private sealed class UnauthorizedResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Error(StatusCodes.Status401Unauthorized, "Unauthorized", "The request is not authenticated for this activity.")
                .ExecuteAsync(httpContext);
        }
    }
}
