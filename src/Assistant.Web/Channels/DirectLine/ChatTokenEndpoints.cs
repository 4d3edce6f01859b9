using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Assistant.Core.Language;
using Assistant.Web.Channels.WebChat;
using Assistant.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>
/// <c>POST /api/chat/token</c>: the page's own way to a conversation token, so the Direct Line secret never reaches a
/// browser. Without <c>remember</c> each call reserves a new conversation with a new user id bound into the token. With
/// <c>"remember": true</c> (the page) the user id comes from the participant cookie (<see cref="WebParticipantCookie"/>,
/// set on the first visit), and the cookie's last conversation is resumed unless <c>"newConversation": true</c>: the
/// same participant across visits, for surveys taken once, paused surveys and <c>/mydata</c>.
/// <c>POST /api/chat/forget</c> drops the cookie (the page calls it after <c>/forget</c>).
/// </summary>
public static class ChatTokenEndpoints
{
    public const string RateLimitPolicy = "chat-token";
    public const string CorsPolicy = "chat-token-embed";

    /// <summary>How much of a resumed conversation the page shows again: the last this many activities.</summary>
    public const int ResumedHistory = 100;

    public sealed record ChatTokenRequest(string? Locale, bool? Remember, bool? NewConversation);

    public sealed record ChatTokenResponse(
        [property: JsonPropertyName("token")] string Token,
        [property: JsonPropertyName("conversationId")] string ConversationId,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("language")] string Language,
        [property: JsonPropertyName("resumed")] bool Resumed,
        [property: JsonPropertyName("watermark"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Watermark = null);

    public static IEndpointRouteBuilder MapChatTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/chat/token", IssueAsync).RequireRateLimiting(RateLimitPolicy).RequireCors(CorsPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(ApiError.MaxBodyBytes));
        app.MapPost("/api/chat/forget", (HttpContext context, WebParticipantCookie cookie) =>
        {
            cookie.Clear(context);
            return Results.NoContent();
        }).RequireRateLimiting(RateLimitPolicy);
        return app;
    }

    private static async Task<IResult> IssueAsync(HttpContext context, DirectLineTokens tokens, DirectLineConversations conversations,
        IActivityLogStore log, WebParticipantCookie cookie, TurnProcessor turns, CancellationToken cancellationToken)
    {
        var request = context.Request;
        ChatTokenRequest? body = null;
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && request.ContentLength is not 0)
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync<ChatTokenRequest>(request.Body, ActivityJson.Options, cancellationToken);
            }
            catch (JsonException)
            {
                return ApiError.BadArgument("The body is not valid JSON.");
            }
            catch (BadHttpRequestException e) when (ApiError.IsTooLarge(e))
            {
                return ApiError.TooLarge();
            }
        }

        var locale = (Lang.FromLocale(body?.Locale) ?? (request.Headers.AcceptLanguage.Count > 0 ? BrowserLanguage.Preferred(request) : null)) is { } lang ? Lang.ToLocale(lang) : null;
        var userId = DirectLineConversations.NewUserId();
        string? resumeId = null;
        if (body?.Remember == true && cookie.Read(request) is { } participant
            && participant.UserId.StartsWith(DirectLineConversations.UserIdPrefix, StringComparison.Ordinal))
        {
            userId = participant.UserId;
            if (participant.ConversationId is { } last
                && await log.GetConversationAsync(last, cancellationToken) is { } conversation)
            {
                if (conversation.UserId == userId)
                {
                    resumeId = body.NewConversation == true ? null : last;
                }
                else if (conversation.UserId.StartsWith(ErasedActivity.UserIdPrefix, StringComparison.Ordinal))
                {
                    // Everything about this participant was erased (/forget): from now on a stranger.
                    userId = DirectLineConversations.NewUserId();
                }
            }
        }

        var conversationId = resumeId ?? DirectLineConversations.NewConversationId();
        if (resumeId is null)
        {
            await conversations.EnsureStartedAsync(conversationId, userId, locale, cancellationToken);
        }

        if (body?.Remember == true)
        {
            cookie.Write(context, new WebParticipant(userId, conversationId));
        }

        var language = await turns.ReplyLanguageAsync(new ConversationKey(DirectLineTurnRunner.Channel, conversationId), userId,
            locale, cancellationToken);
        // A resumed conversation replays from a watermark: its recent history, however long the conversation has grown.
        var watermark = resumeId is null ? 0 : await log.WatermarkBeforeLastAsync(resumeId, ResumedHistory, cancellationToken);
        return Results.Ok(new ChatTokenResponse(tokens.IssueToken(conversationId, userId), conversationId, tokens.LifetimeSeconds,
            language, resumeId is not null, watermark > 0 ? watermark.ToString(CultureInfo.InvariantCulture) : null));
    }
}
