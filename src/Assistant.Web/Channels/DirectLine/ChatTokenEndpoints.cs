using System.Text.Json;
using Assistant.Core.Language;
using Assistant.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>
/// <c>POST /api/chat/token</c>: the page's own way to a conversation token, so the Direct Line secret never reaches a
/// browser. Each call reserves a new conversation with a new user id bound into the token.
/// </summary>
public static class ChatTokenEndpoints
{
    public const string RateLimitPolicy = "chat-token";

    public sealed record ChatTokenRequest(string? Locale);

    public sealed record ChatTokenResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("token")] string Token,
        [property: System.Text.Json.Serialization.JsonPropertyName("conversationId")] string ConversationId,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);

    public static IEndpointRouteBuilder MapChatTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/chat/token", IssueAsync).RequireRateLimiting(RateLimitPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(ApiError.MaxBodyBytes));
        return app;
    }

    private static async Task<IResult> IssueAsync(HttpRequest request, DirectLineTokens tokens, DirectLineConversations conversations,
        CancellationToken cancellationToken)
    {
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

        var conversationId = DirectLineConversations.NewConversationId();
        var userId = DirectLineConversations.NewUserId();
        var locale = Lang.FromLocale(body?.Locale) is { } lang ? Lang.ToLocale(lang) : null;
        await conversations.EnsureStartedAsync(conversationId, userId, locale, cancellationToken);
        return Results.Ok(new ChatTokenResponse(tokens.IssueToken(conversationId, userId), conversationId, tokens.LifetimeSeconds));
    }
}
